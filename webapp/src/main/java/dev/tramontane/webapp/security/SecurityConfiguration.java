package dev.tramontane.webapp.security;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Two filter chains. The API ({@code /v1/**}, {@code /api/**}, {@code /mcp/**}): stateless, Bearer
 * keys, no CSRF (no cookies are involved), body-size and per-key rate limits, errors in OpenAI's
 * shape. The UI (everything else): CSRF on for forms and fetches, and a form login only when
 * {@code tramontane.ui.password} is set; otherwise open, for the one person at a localhost-bound app.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiProperties.class, UiProperties.class})
class SecurityConfiguration {

    static final String[] API_PATHS = {"/v1/**", "/api/**", "/mcp/**", "/mcp"};

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiProperties api) throws Exception {
        ApiKeys keys = new ApiKeys(api.keys());
        http.securityMatcher(API_PATHS)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterAfter(new RequestSizeLimitFilter(api.maxBodySize().toBytes(), api.maxUploadSize().toBytes()),
                        SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ErrorResponses.write(response, 401,
                                "authentication required: send 'Authorization: Bearer KEY'", "invalid_request_error", "invalid_api_key"))
                        .accessDeniedHandler((request, response, ex) -> ErrorResponses.write(response, 403,
                                "this key may not use " + request.getRequestURI(), "invalid_request_error", "forbidden")))
                // An async dispatch (streams, SseEmitter) or an error dispatch continues a request that was
                // already authorized; the key filter runs once per request, so do not ask again.
                .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .anyRequest().hasRole("API"));
        if (api.requestsPerMinute() > 0) {
            http.addFilterAfter(new RateLimitFilter(new TokenBucketRateLimiter(api.requestsPerMinute(), api.burst(), System::nanoTime)),
                    AnonymousAuthenticationFilter.class);
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, UiProperties ui) throws Exception {
        if (ui.loginRequired()) {
            http.authorizeHttpRequests(a -> a
                            .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                            .requestMatchers("/actuator/health", "/login", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
                            .anyRequest().authenticated())
                    .formLogin(form -> form.permitAll())
                    .logout(logout -> logout.permitAll());
        } else {
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        }
        return http.build();
    }

    /** The single UI user when a password is set; no users otherwise (and no generated password). */
    @Bean
    UserDetailsService uiUsers(UiProperties ui) {
        if (!ui.loginRequired()) {
            return new InMemoryUserDetailsManager();
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(ui.username()).password(encoder.encode(ui.password()))
                .roles("USER").build());
    }
}
