package io.tagpulse.contracts;

/**
 * A tag that co-occurs with a trending tag: how many of the trend's recent mentions (approximately, from a bounded
 * summary that never under-counts by more than its stated error) also carried it.
 *
 * @param tag the normalized co-occurring tag
 * @param mentions how many recent mentions of the trending tag carried it
 */
public record RelatedTag(String tag, long mentions) {
}
