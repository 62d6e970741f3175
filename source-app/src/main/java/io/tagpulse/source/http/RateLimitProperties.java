package io.tagpulse.source.http;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/** How many requests to POST /posts each client (remote address) may make ({@code tagpulse.source.rate-limit.*}). */
public class RateLimitProperties {

    /** Requests per second each client may make on average; 0 turns the limit off. */
    @DecimalMin("0")
    private double requestsPerSecond = 50;

    /** Requests a client may make at once before the average applies. */
    @Min(1)
    private int burst = 100;

    /** Clients tracked at once; beyond that, new clients share one limit until idle ones are forgotten. */
    @Min(1)
    private int maxClients = 10_000;

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
