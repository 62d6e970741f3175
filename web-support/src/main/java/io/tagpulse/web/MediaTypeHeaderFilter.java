package io.tagpulse.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 to a {@code Content-Type} and 406 to an {@code Accept} header that cannot be parsed, before Spring MVC
 * sees them. Spring answers most unparseable media types with those statuses itself, but not all: Spring Framework
 * 7.0.8 throws {@code StringIndexOutOfBoundsException} for a type that starts with a quote (such as
 * {@code "a/b}), which became a 500 (found by the source's fuzz test), and a wildcard Content-Type such as
 * {@code *}{@code /*} makes it throw {@code IllegalArgumentException} when a body is read (found by the sink's).
 */
public class MediaTypeHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !parses(contentType, false)) {
            ErrorAnswer.send(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header is not a media type (type/subtype;parameter=value)");
            return;
        }
        if (contentType != null && MediaType.parseMediaType(contentType).isWildcardSubtype()) {
            ErrorAnswer.send(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header names no concrete type (a wildcard such as */* is for Accept only)");
            return;
        }
        var accepts = request.getHeaders("Accept");
        while (accepts != null && accepts.hasMoreElements()) {
            if (!parses(accepts.nextElement(), true)) {
                ErrorAnswer.send(response, HttpServletResponse.SC_NOT_ACCEPTABLE,
                        "the Accept header is not a list of media types (type/subtype;q=0.9, ...)");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** @return whether Spring can parse the header (any failure, not only the documented one, counts) */
    static boolean parses(String header, boolean list) {
        try {
            if (list) {
                MediaType.parseMediaTypes(header);
            }
            else {
                MediaType.parseMediaType(header);
            }
            return true;
        }
        catch (RuntimeException unparseable) {
            return false;
        }
    }
}
