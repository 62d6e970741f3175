package io.tagpulse.dashboard.app;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.dashboard.CountCoalescer;
import io.tagpulse.dashboard.MastodonTrends;
import io.tagpulse.dashboard.QueryRepository;
import io.tagpulse.dashboard.TrendCoalescer;
import io.tagpulse.dashboard.QueryRules;
import io.tagpulse.dashboard.TrendQueries;
import io.tagpulse.dashboard.TrendViews;
import io.tagpulse.dashboard.TrendRules;
import io.tagpulse.web.HttpHardeningAutoConfiguration;
import io.tagpulse.web.PathRule;
import io.tagpulse.web.RateLimitFilter;
import io.tagpulse.web.TokenAuthFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The web side: the queries and the store's health, the live stream, the moderation topic and who may write it, the
 * security headers, the optional token and the API's rate limit.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    private static final Log logger = LogFactory.getLog(DashboardConfiguration.class);

    /**
     * The one way the API reaches the database: every statement it runs (queries, the store's health, the check for
     * the sink's tables) carries the JDBC statement timeout {@code tagpulse.dashboard.query-timeout}, so the driver
     * cancels one that runs longer (answered 503 by {@link ApiErrors}).
     */
    @Bean
    NamedParameterJdbcTemplate dashboardJdbc(DataSource dataSource, DashboardProperties properties) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout(Math.toIntExact(properties.queryTimeout().toSeconds()));
        return new NamedParameterJdbcTemplate(jdbc);
    }

    @Bean
    QueryRepository queryRepository(NamedParameterJdbcTemplate jdbc, DashboardProperties properties) {
        return new QueryRepository(jdbc, properties.velocityWindow());
    }

    @Bean
    TrendQueries trendQueries(NamedParameterJdbcTemplate jdbc, DashboardProperties properties) {
        return new TrendQueries(jdbc, properties.trends().staleAfter());
    }

    @Bean
    TrendViews trendViews(TrendQueries trends, QueryRepository queries, QueryRules rules,
            DashboardProperties properties) {
        return new TrendViews(trends, queries, rules, properties.trends().sparklineMinutes());
    }

    @Bean
    MastodonTrends mastodonTrends(NamedParameterJdbcTemplate jdbc, TrendQueries trends,
            DashboardProperties properties) {
        return new MastodonTrends(jdbc, trends, properties.velocityWindow(), properties.windowSizes());
    }

    @Bean
    TrendRules trendRules(DashboardProperties properties) {
        return properties.toTrendRules();
    }

    /** Readiness: the database reachable, with the sink's tables (see {@link StoreHealth}). */
    @Bean
    StoreHealth storeHealthIndicator(QueryRepository queries) {
        return new StoreHealth(queries);
    }

    @Bean
    LiveStream liveStream(TrendQueries trends, DashboardProperties properties) {
        return new LiveStream(new CountCoalescer(properties.velocityWindow().toMillis()), new TrendCoalescer(),
                trends::moderation, properties.api());
    }

    @Bean
    ModerationTopic moderationTopic(StreamBridge bridge) {
        return new ModerationTopic(bridge);
    }

    @Bean
    ModerationAccess moderationAccess(DashboardProperties properties) {
        boolean tokenRequired = hasToken(properties);
        if (!tokenRequired) {
            logger.warn("tagpulse.dashboard.api.token is not set: moderation (/api/moderation) answers only requests "
                    + "from this machine (loopback), others get 403. Set the token to moderate from elsewhere, and "
                    + "always behind a proxy on this machine (every request would come from loopback)");
        }
        return new ModerationAccess(tokenRequired);
    }

    /** Moderation needs an authenticated caller: after the token check, before anything reads the body. */
    @Bean
    FilterRegistrationBean<ModerationAccess> moderationAccessFilter(ModerationAccess access) {
        var registration = new FilterRegistrationBean<>(access);
        registration.addUrlPatterns("/api/moderation", "/api/moderation/*");
        registration.setOrder(HttpHardeningAutoConfiguration.TOKEN_ORDER + 5);
        return registration;
    }

    private static boolean hasToken(DashboardProperties properties) {
        String token = properties.api().token();
        return token != null && !token.isBlank();
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
                new SecurityHeadersFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * When {@code tagpulse.dashboard.api.token} is set, every page and API call needs it; actuator endpoints and the
     * Mastodon-compatible trends (open on Mastodon too, for any client or bot) do not.
     */
    @Bean
    FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(DashboardProperties properties) {
        String token = properties.api().token();
        var registration = new FilterRegistrationBean<>(new TokenAuthFilter(token, "tagpulse.dashboard.api.token",
                PathRule.under("/").except("/actuator/", MastodonController.PATH)));
        registration.setOrder(HttpHardeningAutoConfiguration.TOKEN_ORDER);
        registration.setEnabled(hasToken(properties));
        return registration;
    }

    /** Per-client rate limit on {@code /api} (off when requests-per-second is 0), ahead of the token check. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(DashboardProperties properties, MeterRegistry registry) {
        Counter limited = registry.counter("tagpulse.dashboard.api.rate-limited");
        return properties.api().rateLimit().filter("tagpulse.dashboard.api.rate-limit", PathRule.under("/api/"),
                limited::increment);
    }
}
