package dev.tramontane.webapp.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Per-key request rate limit (after authentication): 429 with {@code Retry-After} in OpenAI's shape. */
final class RateLimitFilter extends OncePerRequestFilter {

    private final TokenBucketRateLimiter limiter;

    RateLimitFilter(TokenBucketRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String client = who != null ? who.getName() : request.getRemoteAddr();
        TokenBucketRateLimiter.Decision decision = limiter.tryAcquire(client);
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            ErrorResponses.write(response, 429, "Rate limit reached for " + client + ": retry after "
                    + decision.retryAfterSeconds() + " s (tramontane.api.requests-per-minute, tramontane.api.burst)",
                    "requests", "rate_limit_exceeded");
            return;
        }
        chain.doFilter(request, response);
    }
}
