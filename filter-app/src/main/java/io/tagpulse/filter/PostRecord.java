package io.tagpulse.filter;

import io.tagpulse.contracts.Post;

/**
 * A post as read, with the bytes it came in: kept posts go on byte for byte, so fields this version does not know
 * survive the filter.
 */
public record PostRecord(byte[] raw, Post post) {
}
