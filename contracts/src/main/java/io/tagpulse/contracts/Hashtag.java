package io.tagpulse.contracts;

/**
 * A hashtag found in a post.
 *
 * @param tag the normalized form used for counting and as the Kafka key
 * @param display the form the author wrote, without '#'
 */
public record Hashtag(String tag, String display) {
}
