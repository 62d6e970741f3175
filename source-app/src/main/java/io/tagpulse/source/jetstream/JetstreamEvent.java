package io.tagpulse.source.jetstream;

import io.tagpulse.contracts.Post;

/**
 * A Jetstream event that carries a new post.
 *
 * @param cursor the event's {@code time_us}: Jetstream's cursor, microseconds since the epoch
 * @param post the post it carries
 */
public record JetstreamEvent(long cursor, Post post) {
}
