package io.tagpulse.source.connector;

import java.util.Optional;

/**
 * Assembles server-sent events from the lines of a {@code text/event-stream}: {@code event:} and {@code data:}
 * fields (several data lines join with newlines), dispatched at a blank line; comment lines (heartbeats such as
 * Mastodon's {@code :thump}) are ignored. Not thread-safe: one per stream.
 */
public final class ServerSentEvents {

    /** One dispatched event; {@code event} is {@code message} when the server named none. */
    public record Event(String event, String data) {
    }

    private String event;

    private StringBuilder data;

    /** @return the event the line completes, if it is the blank line ending one with data */
    public Optional<Event> accept(String line) {
        if (line.isEmpty()) {
            Optional<Event> complete = data == null ? Optional.empty()
                    : Optional.of(new Event(event == null ? "message" : event, data.toString()));
            event = null;
            data = null;
            return complete;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            event = value;
        }
        else if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            }
            else {
                data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }
}
