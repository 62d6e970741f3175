package io.tagpulse.web;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * A per-client rate limit, as an app's properties set it ({@code <app prefix>.rate-limit.*}): a token bucket per
 * client address, and over it 429 with Retry-After. Each app nests one with its own defaults.
 * <p>
 * javac does not read the metadata this module generates ({@code META-INF/spring/configuration-metadata}) from a jar,
 * so each app that nests this class states its descriptions and defaults in its
 * {@code additional-spring-configuration-metadata.json}, for the IDE and the Data Flow dashboard.
 */
@ConfigurationPropertiesSource
public class RateLimitProperties {

    /** Requests per second each client may make on average; 0 turns the limit off. */
    @DecimalMin("0")
    private double requestsPerSecond;

    /** Requests a client may make at once before the average applies. */
    @Min(1)
    private int burst;

    /** Clients tracked at once; beyond that, new clients share one limit until idle ones are forgotten. */
    @Min(1)
    private int maxClients = 10_000;

    public RateLimitProperties() {
        this(50, 100);
    }

    /** A limit with an app's defaults. */
    public RateLimitProperties(double requestsPerSecond, int burst) {
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
    }

    /**
     * @param setting the properties that set this limit, named in 429 answers
     * @param guarded the paths it applies to
     * @param onLimited called for each refused request (a metric)
     * @return the limit's filter, at {@link HttpHardeningAutoConfiguration#RATE_LIMIT_ORDER}, disabled when
     *         {@code requestsPerSecond} is 0
     */
    public FilterRegistrationBean<RateLimitFilter> filter(String setting, PathRule guarded, Runnable onLimited) {
        boolean enabled = requestsPerSecond > 0;
        RateLimiter limiter = new RateLimiter(enabled ? requestsPerSecond : 1, burst, maxClients, System::nanoTime);
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(limiter, setting, guarded, onLimited));
        registration.setOrder(HttpHardeningAutoConfiguration.RATE_LIMIT_ORDER);
        registration.setEnabled(enabled);
        return registration;
    }

    public double getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(double requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    public int getBurst() {
        return burst;
    }

    public void setBurst(int burst) {
        this.burst = burst;
    }

    public int getMaxClients() {
        return maxClients;
    }

    public void setMaxClients(int maxClients) {
        this.maxClients = maxClients;
    }
}
