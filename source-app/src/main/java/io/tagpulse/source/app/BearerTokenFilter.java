package io.tagpulse.source.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code tagpulse.source.token} is set (not blank), the ingestion endpoint answers 401 to any request without
 * {@code Authorization: Bearer <token>}. The comparison takes the same time whatever the guess, and the token never
 * appears in an answer or a log line.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    BearerTokenFilter(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return expected.length == 0 || !request.getRequestURI().startsWith("/posts");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] presented = header != null && header.startsWith(PREFIX)
                ? header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(expected, presented)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tagpulse\"");
        response.setContentType("application/json");
        response.getWriter().write(header == null
                ? "{\"error\":\"this endpoint needs an Authorization: Bearer token\"}"
                : "{\"error\":\"the bearer token is not valid\"}");
    }
}
