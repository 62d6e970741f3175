package io.tagpulse.source.generator;

import java.time.Duration;

/**
 * A recurring surge of one tag, so that a trend appears in generated data: from {@code startAfter} on, every
 * {@code every}, for {@code duration}, a share of the posts carries {@code tag}.
 *
 * @param tag the surging tag, without '#'; blank disables bursts
 * @param startAfter time from the generator's start to the first burst
 * @param duration how long each burst lasts
 * @param every time from the start of one burst to the start of the next
 * @param share the fraction of posts (0..1) that carry the tag during a burst
 */
public record Burst(String tag, Duration startAfter, Duration duration, Duration every, double share) {

    /** @return whether a burst is on at {@code elapsed} since the generator started */
    public boolean activeAt(Duration elapsed) {
        if (tag == null || tag.isBlank() || share <= 0 || elapsed.compareTo(startAfter) < 0) {
            return false;
        }
        long sinceFirst = elapsed.minus(startAfter).toMillis();
        return sinceFirst % Math.max(1, every.toMillis()) < duration.toMillis();
    }
}
