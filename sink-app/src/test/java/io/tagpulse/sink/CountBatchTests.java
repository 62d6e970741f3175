package io.tagpulse.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.tagpulse.contracts.HashtagCount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountBatchTests {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static byte[] json(String tag, int second, int sizeSeconds, long count, String display) {
        return ("{\"tag\":\"" + tag + "\",\"windowStart\":\"" + T0.plusSeconds(second) + "\",\"windowEnd\":\""
                + T0.plusSeconds(second + sizeSeconds) + "\",\"count\":" + count
                + (display == null ? "" : ",\"display\":\"" + display + "\"") + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static RecordBatch<HashtagCount> batch(byte[]... values) {
        return CountBatch.of(Arrays.asList(values));
    }

    @Test
    void shouldKeepTheLastCountOfEachKeyInBatchOrder() {
        RecordBatch<HashtagCount> batch = batch(json("kafka", 0, 1, 1, null), json("java", 0, 1, 4, null),
                json("kafka", 0, 1, 3, null), json("kafka", 0, 1, 2, null));

        assertThat(batch.values()).containsExactly(new HashtagCount("kafka", T0, T0.plusSeconds(1), 2),
                new HashtagCount("java", T0, T0.plusSeconds(1), 4));
        assertThat(batch.rows().get(0).records()).containsExactly(0, 2, 3);
        assertThat(batch.validRecords()).isEqualTo(4);
        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void shouldKeepWindowsOfOtherStartsAndSizesApart() {
        RecordBatch<HashtagCount> batch = batch(json("kafka", 0, 1, 1, null), json("kafka", 1, 1, 2, null),
                json("kafka", 0, 60, 3, null));

        assertThat(batch.values()).extracting(HashtagCount::count).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shouldKeepTheLastNonNullDisplayForm() {
        RecordBatch<HashtagCount> batch = batch(json("kafka", 0, 1, 1, "Kafka"), json("kafka", 0, 1, 2, null));
        assertThat(batch.values()).containsExactly(new HashtagCount("kafka", T0, T0.plusSeconds(1), 2, "Kafka"));

        batch = batch(json("kafka", 0, 1, 1, "Kafka"), json("kafka", 0, 1, 2, "KAFKA"), json("kafka", 0, 1, 3, null));
        assertThat(batch.values()).extracting(HashtagCount::display).containsExactly("KAFKA");
    }

    @Test
    void shouldRejectEachInvalidRecordWithItsReasonAndKeepTheOthers() {
        RecordBatch<HashtagCount> batch = batch(json("ok", 0, 1, 1, null), "{\"tag\":".getBytes(StandardCharsets.UTF_8),
                json("zero", 0, 1, 0, null), null, json("x".repeat(HashtagCountRepository.MAX_TAG_LENGTH + 1), 0, 1,
                        1, null), json("ok", 1, 1, 5, null));

        assertThat(batch.values()).extracting(HashtagCount::tag).containsExactly("ok", "ok");
        assertThat(batch.validRecords()).isEqualTo(2);
        assertThat(batch.rejected()).extracting(RecordBatch.Rejection::record).containsExactly(1, 2, 3, 4);
        assertThat(batch.rejected().get(0).reason()).hasMessageStartingWith("unreadable HashtagCount");
        assertThat(batch.rejected().get(1).reason()).hasMessageContaining("'count' must be at least 1");
        assertThat(batch.rejected().get(2).reason()).hasMessageStartingWith("empty record");
        assertThat(batch.rejected().get(3).reason()).hasMessageContaining("'tag' is longer than");
    }

    @Test
    void shouldMakeNothingOfAnEmptyBatch() {
        RecordBatch<HashtagCount> batch = CountBatch.of(List.of());

        assertThat(batch.rows()).isEmpty();
        assertThat(batch.rejected()).isEmpty();
    }
}
