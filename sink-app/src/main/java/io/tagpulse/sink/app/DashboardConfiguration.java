package io.tagpulse.sink.app;

import io.tagpulse.sink.CountCoalescer;
import io.tagpulse.sink.QueryRepository;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The read side: the query repository, the live stream of stored counts and rankings, and the security headers. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    QueryRepository queryRepository(NamedParameterJdbcTemplate jdbc, SinkProperties properties) {
        return new QueryRepository(jdbc, properties.getVelocityWindow(), properties.getApi().getTrendingLookBack());
    }

    @Bean
    LiveStream liveStream(QueryRepository queries, SinkProperties properties) {
        return new LiveStream(new CountCoalescer(properties.getVelocityWindow().toMillis()),
                () -> TrendingAnswer.of(queries.latestTrending().orElse(null)), properties.getApi());
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
                new SecurityHeadersFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
