package io.tagpulse.source.jetstream;

import java.net.URI;

import io.tagpulse.source.connector.ConnectionProperties;
import jakarta.validation.constraints.NotNull;

/** Settings of the Bluesky Jetstream source ({@code tagpulse.source.jetstream.*}). */
public class JetstreamProperties extends ConnectionProperties {

    /** The Jetstream subscribe endpoint (no credentials needed). */
    @NotNull
    private URI url = URI.create("wss://jetstream2.us-east.bsky.network/subscribe");

    /** Key of this source's cursor in the positions topic; empty = jetstream, or jetstream@<stream> under Data Flow. */
    private String positionKey;

    public URI getUrl() {
        return url;
    }

    public void setUrl(URI url) {
        this.url = url;
    }

    public String getPositionKey() {
        return positionKey;
    }

    public void setPositionKey(String positionKey) {
        this.positionKey = positionKey;
    }
}
