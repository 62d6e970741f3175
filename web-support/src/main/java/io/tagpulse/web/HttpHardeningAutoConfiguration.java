package io.tagpulse.web;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * In every servlet app that has this module: unparseable media-type headers answered 415/406 before Spring MVC sees
 * them, and a direct request for the error path answered 404 (not Boot's 500). The apps order their own filters
 * around it: security headers first, then the rate limit ({@link #RATE_LIMIT_ORDER}), then the token
 * ({@link #TOKEN_ORDER}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HttpHardeningAutoConfiguration {

    /** The order of an app's rate-limit filter: before the token check, so guessing tokens is limited too. */
    public static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** The order of an app's token filter. */
    public static final int TOKEN_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Bean
    FilterRegistrationBean<MediaTypeHeaderFilter> mediaTypeHeaderFilter() {
        var registration = new FilterRegistrationBean<>(new MediaTypeHeaderFilter());
        // After the rate limit and the token check (a client without the token learns nothing about the API), before
        // Spring's own filters and the dispatcher.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<DirectErrorRequestFilter> directErrorRequestFilter(
            @Value("${server.error.path:/error}") String errorPath) {
        var registration = new FilterRegistrationBean<>(new DirectErrorRequestFilter());
        registration.addUrlPatterns(errorPath, errorPath + "/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
