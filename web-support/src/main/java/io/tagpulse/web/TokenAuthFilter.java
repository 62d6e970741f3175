package io.tagpulse.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When a token is configured, the guarded paths answer 401 unless the request carries it: as
 * {@code Authorization: Bearer <token>} (API clients) or as the password of HTTP Basic with any user name (browsers,
 * which then send it on every request of the page, the live event stream included). The comparison takes the same
 * time whatever the guess, and the token never appears in an answer or a log line. An empty token turns the check
 * off.
 */
public class TokenAuthFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private static final String BASIC = "basic ";

    private final byte[] expected;

    private final String setting;

    private final PathRule guarded;

    /**
     * @param token the token, empty for no authentication
     * @param setting the property that sets it, named in answers
     * @param guarded the paths that need it
     */
    public TokenAuthFilter(String token, String setting, PathRule guarded) {
        this.expected = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.setting = setting;
        this.guarded = guarded;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return expected.length == 0 || !guarded.test(ErrorAnswer.path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (MessageDigest.isEqual(expected, presented(header))) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader("WWW-Authenticate", "Bearer realm=\"tagpulse\"");
        response.addHeader("WWW-Authenticate", "Basic realm=\"tagpulse\", charset=\"UTF-8\"");
        ErrorAnswer.send(response, HttpServletResponse.SC_UNAUTHORIZED, header == null
                ? "this endpoint needs the token of " + setting + ", as Authorization: Bearer <token> "
                        + "or as the password of HTTP Basic"
                : "the token is not valid");
    }

    /** @return the token the header presents, or nothing */
    private static byte[] presented(String header) {
        if (header == null) {
            return new byte[0];
        }
        String lower = header.length() > 7 ? header.substring(0, 7).toLowerCase(java.util.Locale.ROOT) : "";
        if (lower.equals(BEARER)) {
            return header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        }
        if (lower.startsWith(BASIC)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? new byte[0] : pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException notBase64) {
                return new byte[0];
            }
        }
        return new byte[0];
    }
}
