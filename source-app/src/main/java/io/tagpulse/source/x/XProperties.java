package io.tagpulse.source.x;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.source.connector.ConnectionProperties;
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
}
