package io.tagpulse.dashboard.app;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Moderation ({@code /api/moderation}) always needs an authenticated caller: with {@code tagpulse.dashboard.api.token}
 * set, the token (checked before this by the token filter, for every path); without one, only a caller on this
 * machine (a loopback address) may moderate, anyone else is answered 403 saying so. A body longer than
 * {@value #MAX_BODY_BYTES} bytes is answered 413 before it is read.
 */
class ModerationAccess extends OncePerRequestFilter {

    /** The longest moderation request body read. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /** Who decided, when the caller is not known by name. */
    static final String BY_TOKEN = "token";

    /** Who decided, when no token is set and the caller is on this machine. */
    static final String BY_LOCAL = "local";

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("(::ffff:)?127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private static final String FORBIDDEN = "moderation needs tagpulse.dashboard.api.token to be set, or a request "
            + "from this machine (loopback) when it is not: this request came from elsewhere";

    private final boolean tokenRequired;

    /** @param tokenRequired whether a token is set (the token filter then checks every request) */
    ModerationAccess(boolean tokenRequired) {
        this.tokenRequired = tokenRequired;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!tokenRequired && !isLoopback(request.getRemoteAddr())) {
            send(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN);
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            send(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "a moderation request body may be at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        chain.doFilter(request, response);
    }

    /** @return who decided: the authenticated principal if the server knows one, else "token" or "local" */
    String by(HttpServletRequest request) {
        if (request.getUserPrincipal() != null && !request.getUserPrincipal().getName().isBlank()) {
            return request.getUserPrincipal().getName();
        }
        return tokenRequired ? BY_TOKEN : BY_LOCAL;
    }

    /** @return whether a remote address (an IP literal, as the server gives it) is this machine's loopback */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        return bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1") || IPV4_LOOPBACK.matcher(bare).matches();
    }

    private static void send(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // The messages are constants with no character JSON would need escaped.
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
