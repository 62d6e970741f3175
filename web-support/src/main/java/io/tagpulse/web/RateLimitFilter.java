package io.tagpulse.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the requests each client (by remote address) makes to the guarded paths: over the limit it answers 429
 * with a {@code Retry-After} in seconds, before the body is read or the token checked (so guessing tokens is slow
 * too). Behind a proxy, set {@code server.forward-headers-strategy} so that the remote address is the client's.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    private final String setting;

    private final PathRule guarded;

    private final Runnable onLimited;

    /**
     * @param limiter the limiter
     * @param setting the properties that set the limit, named in answers
     * @param guarded the paths it applies to
     * @param onLimited called for each refused request (a metric)
     */
    public RateLimitFilter(RateLimiter limiter, String setting, PathRule guarded, Runnable onLimited) {
        this.limiter = limiter;
        this.setting = setting;
        this.guarded = guarded;
        this.onLimited = onLimited;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !guarded.test(ErrorAnswer.path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = limiter.acquire(request.getRemoteAddr());
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        onLimited.run();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        ErrorAnswer.send(response, 429, "too many requests: over " + setting + ", retry in " + seconds + " s");
    }
}
