package io.tagpulse.source.x;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.source.connector.ConnectionProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Settings of the X API v2 filtered-stream source ({@code tagpulse.source.x.*}). */
public class XProperties extends ConnectionProperties {

    /** The X API's base URL. */
    @NotNull
    private URI baseUrl = URI.create("https://api.x.com");

    /** App-only bearer token of a project with filtered-stream access. */
    private String bearerToken;

    /** The stream's rules (X's rule syntax, e.g. "#java lang:en"); X's rules are made equal to these at start. */
    private List<String> rules = new ArrayList<>();

    /** Minutes of posts X sends again on a reconnect, to cover the disconnect (X allows 1-5); 0 = none. */
    @Min(0)
    @Max(5)
    private int backfillMinutes = 2;

    /** Whether the first connection after a start asks for backfill-minutes too (a previous run's last minutes). */
    private boolean backfillOnStart;

    /** How many recent post ids are remembered, so a post X sends again (backfill) is not sent to Kafka twice. */
    @Min(100)
    @Max(1_000_000)
    private int rememberedPosts = 20_000;

    public URI getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getBearerToken() {
        return bearerToken;
    }

    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    public List<String> getRules() {
        return rules;
    }

    public void setRules(List<String> rules) {
        this.rules = rules;
    }

    public int getBackfillMinutes() {
        return backfillMinutes;
    }

    public void setBackfillMinutes(int backfillMinutes) {
        this.backfillMinutes = backfillMinutes;
    }

    public boolean isBackfillOnStart() {
        return backfillOnStart;
    }

    public void setBackfillOnStart(boolean backfillOnStart) {
        this.backfillOnStart = backfillOnStart;
    }

    public int getRememberedPosts() {
        return rememberedPosts;
    }

    public void setRememberedPosts(int rememberedPosts) {
        this.rememberedPosts = rememberedPosts;
    }
}
