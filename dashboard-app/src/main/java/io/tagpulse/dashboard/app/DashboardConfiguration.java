package io.tagpulse.dashboard.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.dashboard.CountCoalescer;
import io.tagpulse.dashboard.QueryRepository;
import io.tagpulse.dashboard.TrendingQueries;
import io.tagpulse.web.HttpHardeningAutoConfiguration;
import io.tagpulse.web.PathRule;
import io.tagpulse.web.RateLimitFilter;
import io.tagpulse.web.TokenAuthFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The web side: the queries and the store's health, the live stream, the security headers, the optional
 * token and the API's rate limit.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    QueryRepository queryRepository(NamedParameterJdbcTemplate jdbc, DashboardProperties properties) {
        return new QueryRepository(jdbc, properties.getVelocityWindow());
    }

    @Bean
    TrendingQueries trendingQueries(NamedParameterJdbcTemplate jdbc, DashboardProperties properties) {
        return new TrendingQueries(jdbc, properties.getVelocityWindow(), properties.getApi().getTrendingLookBack());
    }

    /** Readiness: the database reachable, with the sink's tables (see {@link StoreHealth}). */
    @Bean
    StoreHealth storeHealthIndicator(QueryRepository queries) {
        return new StoreHealth(queries);
    }

    @Bean
    LiveStream liveStream(TrendingQueries trending, DashboardProperties properties) {
        return new LiveStream(new CountCoalescer(properties.getVelocityWindow().toMillis()),
                () -> TrendingAnswer.of(trending.latestTrending().orElse(null)), properties.getApi());
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
                new SecurityHeadersFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** When {@code tagpulse.dashboard.api.token} is set, every page and API call needs it; actuator endpoints do not. */
    @Bean
    FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(DashboardProperties properties) {
        String token = properties.getApi().getToken();
        var registration = new FilterRegistrationBean<>(new TokenAuthFilter(token, "tagpulse.dashboard.api.token",
                PathRule.under("/").except("/actuator/")));
        registration.setOrder(HttpHardeningAutoConfiguration.TOKEN_ORDER);
        registration.setEnabled(token != null && !token.isBlank());
        return registration;
    }

    /** Per-client rate limit on {@code /api} (off when requests-per-second is 0), ahead of the token check. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(DashboardProperties properties, MeterRegistry registry) {
        Counter limited = registry.counter("tagpulse.dashboard.api.rate-limited");
        return properties.getApi().getRateLimit().filter("tagpulse.dashboard.api.rate-limit", PathRule.under("/api/"),
                limited::increment);
    }
}
