package io.tagpulse.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendingTags;
import tools.jackson.core.JacksonException;

/** Reads the counter's trending rankings and checks that the sink can store them. */
public final class TrendingRecords {

    private static final int MAX_ECHOED_CHARS = 200;

    private TrendingRecords() {
    }

    /**
     * @return the ranking in the JSON record
     * @throws InvalidRecordException if the record is unreadable, misses a field or cannot be stored
     */
    public static TrendingTags read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidRecordException("empty record: expected a JSON TrendingTags");
        }
        TrendingTags trending;
        try {
            trending = TagpulseJson.mapper().readValue(json, TrendingTags.class);
        }
        catch (JacksonException ex) {
            String text = new String(json, StandardCharsets.UTF_8);
            String path = ex.getPathReference();
            throw new InvalidRecordException("unreadable TrendingTags: " + ex.getOriginalMessage()
                    + (path == null || path.isEmpty() ? "" : " (at " + path + ")") + " in '"
                    + (text.length() > MAX_ECHOED_CHARS ? text.substring(0, MAX_ECHOED_CHARS) + "…" : text) + "'",
                    ex);
        }
        if (trending == null) {
            throw new InvalidRecordException("JSON null is not a TrendingTags");
        }
        List<String> problems = problems(trending);
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("invalid TrendingTags: " + String.join("; ", problems));
        }
        return trending;
    }

    /** @return what makes the ranking invalid or unstorable, empty when it can be stored */
    public static List<String> problems(TrendingTags trending) {
        List<String> problems = new ArrayList<>();
        if (trending.windowStart() == null) {
            problems.add("missing required field 'windowStart'");
        }
        if (trending.windowEnd() == null) {
            problems.add("missing required field 'windowEnd'");
        }
        if (trending.windowStart() != null && trending.windowEnd() != null
                && trending.windowEnd().toEpochMilli() <= trending.windowStart().toEpochMilli()) {
            problems.add("'windowEnd' must be at least a millisecond after 'windowStart'");
        }
        if (trending.partitions() < 1) {
            problems.add("'partitions' must be at least 1");
        }
        if (trending.tags() == null) {
            problems.add("missing required field 'tags'");
            return problems;
        }
        for (int i = 0; i < trending.tags().size(); i++) {
            TagTrend tag = trending.tags().get(i);
            String at = "'tags[" + i + "]";
            if (tag == null) {
                problems.add(at + "' must not be null");
                continue;
            }
            if (tag.tag() == null || tag.tag().isBlank()) {
                problems.add("missing required field " + at + ".tag'");
            }
            else if (tag.tag().length() > HashtagCountRepository.MAX_TAG_LENGTH) {
                problems.add(at + ".tag' is longer than " + HashtagCountRepository.MAX_TAG_LENGTH + " characters");
            }
            if (tag.count() < 0) {
                problems.add(at + ".count' must not be negative");
            }
            if (!Double.isFinite(tag.baseline()) || !Double.isFinite(tag.score())) {
                problems.add(at + ".baseline' and " + at + ".score' must be finite numbers");
            }
        }
        return problems;
    }
}
