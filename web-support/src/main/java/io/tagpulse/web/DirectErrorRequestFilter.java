package io.tagpulse.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A client's own request for the error path has no error to show, and Boot would answer it with status 999 as a
 * 500: it gets a 404 instead. Registered for plain requests only, so the server's error dispatches pass untouched.
 */
public class DirectErrorRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorAnswer.send(response, HttpServletResponse.SC_NOT_FOUND, "not found");
    }
}
