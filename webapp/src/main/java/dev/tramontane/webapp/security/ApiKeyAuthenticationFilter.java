package dev.tramontane.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /v1}, {@code /api} and {@code /mcp} requests by {@code Authorization: Bearer KEY}.
 * With keys configured, a missing or wrong key is a 401 in OpenAI's shape. With none configured, the
 * API is open to loopback clients only (the default bind address is 127.0.0.1 anyway) and refuses
 * others with a 401 that says how to configure keys.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The principal of a request made without a key from this machine, when no keys are configured. */
    static final String LOCAL_CLIENT = "local";

    private final ApiKeys keys;

    ApiKeyAuthenticationFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> client;
        if (keys.isEmpty()) {
            if (!isLoopback(request.getRemoteAddr())) {
                ErrorResponses.write(response, 401, "this server has no API keys configured, so its API only answers"
                        + " clients on the same machine; set TRAMONTANE_API_KEYS (comma separated) to allow remote clients",
                        "invalid_request_error", "invalid_api_key");
                return;
            }
            client = Optional.of(LOCAL_CLIENT);
        } else {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ErrorResponses.write(response, 401, "You didn't provide an API key. Send it as 'Authorization: Bearer KEY';"
                        + " keys are configured with TRAMONTANE_API_KEYS.", "invalid_request_error", "missing_api_key");
                return;
            }
            client = keys.match(header.substring(7).strip());
            if (client.isEmpty()) {
                ErrorResponses.write(response, 401, "Incorrect API key provided. Use one of the keys configured in"
                        + " TRAMONTANE_API_KEYS.", "invalid_request_error", "invalid_api_key");
                return;
            }
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(client.get(), null,
                List.of(new SimpleGrantedAuthority("ROLE_API")));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
