package dev.tramontane.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a UI password the pages need a login; with no API keys the API still answers this machine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tramontane.ui.password=correct horse")
class UiLoginAndKeylessApiTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tramontane.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> login(String password) throws Exception {
        String page = send(HttpRequest.newBuilder(uri("/login")).build()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        String form = "username=tramontane&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        return send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    @Test
    void pagesRedirectToTheLoginUntilTheRightPasswordIsGiven() throws Exception {
        HttpResponse<String> before = send(HttpRequest.newBuilder(uri("/")).build());
        assertThat(before.statusCode()).isEqualTo(302);
        assertThat(before.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).build()).statusCode()).isEqualTo(200);

        assertThat(login("wrong").headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(send(HttpRequest.newBuilder(uri("/")).build()).statusCode()).isEqualTo(302);

        HttpResponse<String> ok = login("correct horse");
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(send(HttpRequest.newBuilder(uri("/")).build()).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutConfiguredKeysTheApiAnswersLoopbackClientsWithoutAKey() throws Exception {
        HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"data\":[]");
    }

    @Test
    void withoutAModelChatCompletionsAre503ModelNotLoaded() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"code\":\"model_not_loaded\"");
    }

    @Test
    void onlyLoopbackAddressesCountAsThisMachine() {
        assertThat(ApiKeyAuthenticationFilter.isLoopback("127.0.0.1")).isTrue();
        assertThat(ApiKeyAuthenticationFilter.isLoopback("::1")).isTrue();
        assertThat(ApiKeyAuthenticationFilter.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ApiKeyAuthenticationFilter.isLoopback("192.168.1.20")).isFalse();
        assertThat(ApiKeyAuthenticationFilter.isLoopback("10.0.0.1")).isFalse();
        assertThat(ApiKeyAuthenticationFilter.isLoopback("not-an-address")).isFalse();
        assertThat(ApiKeyAuthenticationFilter.isLoopback(null)).isFalse();
    }
}
