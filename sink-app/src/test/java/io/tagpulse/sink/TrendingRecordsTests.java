package io.tagpulse.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.TagTrend;
import io.tagpulse.contracts.TrendingTags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendingRecordsTests {

    private static TrendingTags read(String json) {
        return TrendingRecords.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadARankingIgnoringUnknownFields() {
        TrendingTags trending = read("""
                {"windowStart":"2026-03-01T12:00:00Z","windowEnd":"2026-03-01T12:01:00Z","partitions":3,"new":1,
                 "tags":[{"tag":"kafka","count":12,"baseline":2.0,"score":4.5,"new":true}]}""");

        assertThat(trending).isEqualTo(new TrendingTags(Instant.parse("2026-03-01T12:00:00Z"),
                Instant.parse("2026-03-01T12:01:00Z"), 3, List.of(new TagTrend("kafka", 12, 2.0, 4.5))));
    }

    @Test
    void shouldNameEveryProblemOfAnInvalidRanking() {
        assertThatThrownBy(() -> read("""
                {"windowStart":"2026-03-01T12:00:00Z","windowEnd":"2026-03-01T12:00:00Z","partitions":0,
                 "tags":[{"tag":" ","count":-1,"baseline":1.0,"score":1.0}, null]}"""))
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("invalid TrendingTags: ")
            .hasMessageContaining("'windowEnd' must be at least a millisecond after 'windowStart'")
            .hasMessageContaining("'partitions' must be at least 1")
            .hasMessageContaining("missing required field 'tags[0].tag'")
            .hasMessageContaining("'tags[0].count' must not be negative")
            .hasMessageContaining("'tags[1]' must not be null");
    }

    @Test
    void shouldRejectMissingFieldsAndUnreadableRecords() {
        assertThatThrownBy(() -> read("{\"partitions\":1}")).hasMessageContaining("missing required field 'windowStart'")
            .hasMessageContaining("missing required field 'windowEnd'")
            .hasMessageContaining("missing required field 'tags'");
        assertThatThrownBy(() -> read("[1,2")).isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("unreadable TrendingTags");
        assertThatThrownBy(() -> TrendingRecords.read(new byte[0])).hasMessageStartingWith("empty record");
        assertThatThrownBy(() -> read("null")).hasMessage("JSON null is not a TrendingTags");
    }

    @Test
    void shouldRejectATagTooLongToStore() {
        String tag = "t".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1);

        assertThatThrownBy(() -> read("""
                {"windowStart":"2026-03-01T12:00:00Z","windowEnd":"2026-03-01T12:01:00Z","partitions":1,
                 "tags":[{"tag":"%s","count":1,"baseline":1.0,"score":1.0}]}""".formatted(tag)))
            .hasMessageContaining("'tags[0].tag' is longer than 500 characters");
    }
}
