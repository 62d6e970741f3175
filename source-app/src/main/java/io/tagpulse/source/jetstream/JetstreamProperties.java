package io.tagpulse.source.jetstream;

import java.net.URI;

import io.tagpulse.source.connector.ConnectionProperties;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** Settings of the Bluesky Jetstream source ({@code tagpulse.source.jetstream.*}). */
public class JetstreamProperties extends ConnectionProperties {

    /** The Jetstream subscribe endpoint (no credentials needed). */
    @NotNull
    private URI url = URI.create("wss://jetstream2.us-east.bsky.network/subscribe");

    /** File that keeps the cursor of the last post Kafka acknowledged, to resume from after a restart. */
    @NotEmpty
    private String cursorFile = "tagpulse-data/jetstream.cursor";

    public URI getUrl() {
        return url;
    }

    public void setUrl(URI url) {
        this.url = url;
    }

    public String getCursorFile() {
        return cursorFile;
    }

    public void setCursorFile(String cursorFile) {
        this.cursorFile = cursorFile;
    }
}
