package dev.tramontane.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter's decisions for requests from other machines, which a test on localhost cannot send for real. */
class ApiKeyAuthenticationFilterTest {

    private MockHttpServletResponse filter(List<String> keys, String remoteAddress, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/models");
        request.setRemoteAddr(remoteAddress);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ApiKeyAuthenticationFilter(new ApiKeys(keys)).doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void withoutKeysARemoteClientIsRefusedWithTheWayToConfigureKeys() throws Exception {
        MockHttpServletResponse response = filter(List.of(), "192.168.1.20", null);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("TRAMONTANE_API_KEYS").contains("\"code\":\"invalid_api_key\"");
        assertThat(filter(List.of(), "127.0.0.1", null).getStatus()).isEqualTo(200);
    }

    @Test
    void withKeysARemoteClientWithTheRightKeyPassesAndAWrongSchemeDoesNot() throws Exception {
        assertThat(filter(List.of("k1"), "192.168.1.20", "Bearer k1").getStatus()).isEqualTo(200);
        assertThat(filter(List.of("k1"), "192.168.1.20", "bearer k1").getStatus()).isEqualTo(200);
        assertThat(filter(List.of("k1"), "192.168.1.20", "Basic k1").getStatus()).isEqualTo(401);
        assertThat(filter(List.of("k1"), "127.0.0.1", null).getStatus()).isEqualTo(401);
    }
}
