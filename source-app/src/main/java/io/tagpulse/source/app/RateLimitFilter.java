package io.tagpulse.source.app;

import java.io.IOException;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.tagpulse.source.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the requests each client (by remote address) makes to the ingestion endpoint: over the limit it answers 429
 * with a {@code Retry-After} in seconds, before the body is read or the token checked (so guessing tokens is slow
 * too). Behind a proxy, set {@code server.forward-headers-strategy} so that the remote address is the client's.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    private final Counter limited;

    /** @param limiter the limiter, or {@code null} when the limit is off */
    RateLimitFilter(RateLimiter limiter, Counter limited) {
        this.limiter = limiter;
        this.limited = limited;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limiter == null || !request.getRequestURI().startsWith("/posts");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = limiter.acquire(request.getRemoteAddr());
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        limited.increment();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"too many requests: over tagpulse.source.rate-limit, retry in "
                + seconds + " s\"}");
    }
}
