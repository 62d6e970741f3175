package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The number of mentions of one tag in one event-time window. Later records for the same tag and window replace
 * earlier ones (they carry the running total, not a delta), so storing them is idempotent.
 *
 * @param tag the normalized tag (required)
 * @param windowStart inclusive start of the window (required, UTC)
 * @param windowEnd exclusive end of the window (required, after {@code windowStart})
 * @param count the number of mentions counted so far in the window (at least 1)
 * @param display the display form written most often in the window (ties go to the first seen), or {@code null}
 *        from producers that predate it; readers then show {@code tag}
 */
public record HashtagCount(String tag, Instant windowStart, Instant windowEnd, long count,
        @JsonInclude(JsonInclude.Include.NON_NULL) String display) {

    /** A count without a display form (the tag is shown as normalized). */
    public HashtagCount(String tag, Instant windowStart, Instant windowEnd, long count) {
        this(tag, windowStart, windowEnd, count, null);
    }

    /** @return the form to show: the most common display form, else the normalized tag */
    public String displayOrTag() {
        return display == null || display.isBlank() ? tag : display;
    }

    /** @return what makes this count invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (Post.isBlank(tag)) {
            problems.add("missing required field 'tag'");
        }
        if (windowStart == null) {
            problems.add("missing required field 'windowStart'");
        }
        if (windowEnd == null) {
            problems.add("missing required field 'windowEnd'");
        }
        if (windowStart != null && windowEnd != null && !windowEnd.isAfter(windowStart)) {
            problems.add("'windowEnd' must be after 'windowStart'");
        }
        if (count < 1) {
            problems.add("'count' must be at least 1");
        }
        return problems;
    }
}
