package io.tagpulse.processor.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.HashtagMention;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad post on the processor, through the test binder: a post the processor cannot read is rejected
 * (counted as {@code invalid}; on Kafka the binder dead-letters it, see {@link ProcessorApplicationIT}) and the next
 * valid post is split as usual; the documented rules apply to the odd but readable ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import({ TestChannelBinderConfiguration.class, ProcessorTestBinder.class })
class ProcessorBadInputTests {

    @Autowired
    private ProcessorTestBinder binder;

    @BeforeEach
    void drain() {
        binder.clear();
    }

    private static String post(String id, String text, String extra) {
        return "{\"id\":\"%s\",\"platform\":\"t\",\"language\":\"en\",\"text\":\"%s\",\"createdAt\":\"2026-11-22T10:00:00Z\"%s}"
            .formatted(id, text, extra);
    }

    private double invalid() {
        return binder.posts("invalid");
    }

    private void assertRejectedThenValidSplit(byte[] bad) {
        double before = invalid();

        binder.send(bad);
        binder.send(post("valid", "#after", ""));

        assertThat(binder.receiveAll()).extracting(HashtagMention::postId).containsExactly("valid");
        assertThat(invalid()).isEqualTo(before + 1);
    }

    @Test
    void shouldRejectMalformedJsonAndKeepSplitting() {
        assertRejectedThenValidSplit("{\"id\":\"p1\",\"text\":".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectInvalidUtf8AndKeepSplitting() {
        byte[] bad = post("p1", "#caf\u00e9", "").getBytes(StandardCharsets.UTF_8);
        bad[new String(bad, StandardCharsets.UTF_8).indexOf('\u00e9') + 1] = (byte) 0xFF;
        assertRejectedThenValidSplit(bad);
    }

    @Test
    void shouldRejectMissingAndWronglyTypedFieldsAndKeepSplitting() {
        assertRejectedThenValidSplit("{\"id\":\"p1\",\"text\":\"#a\"}".getBytes(StandardCharsets.UTF_8));
        assertRejectedThenValidSplit(post("p1", "#a", ",\"hashtags\":7").getBytes(StandardCharsets.UTF_8));
        assertRejectedThenValidSplit(post("p1", "#a", "").replace("\"2026-11-22T10:00:00Z\"", "0")
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectAJsonArrayOfPostsAndKeepSplitting() {
        String one = post("p1", "#a", "");
        assertRejectedThenValidSplit(("[" + one + "," + one + "]").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectAVersionBelowOneAndReadANewerVersion() {
        assertRejectedThenValidSplit(post("p1", "#a", ",\"version\":0").getBytes(StandardCharsets.UTF_8));

        binder.send(post("newer", "#kafka", ",\"version\":3,\"quotes\":[{\"id\":\"q\"}]"));

        assertThat(binder.receiveAll()).extracting(HashtagMention::postId).containsExactly("newer");
    }

    @Test
    void shouldEmitAtMostTheConfiguredHundredMentionsOfAPostWithTenThousandHashtags() {
        String text = IntStream.range(0, 10_000).mapToObj(i -> "#t" + i).collect(Collectors.joining(" "));

        binder.send(post("spam", text, ""));
        binder.send(post("valid", "#after", ""));

        List<HashtagMention> mentions = binder.receiveAll();
        assertThat(mentions).filteredOn(mention -> mention.postId().equals("spam")).hasSize(100)
            .first().extracting(HashtagMention::tag).isEqualTo("t0");
        assertThat(mentions).last().extracting(HashtagMention::postId).isEqualTo("valid");
    }

    /** Event times pass through unchanged: the counter decides (late, or clamped to the record's time). */
    @Test
    void shouldCarryAbsurdCreationTimesOnAsEventTimes() {
        binder.send(post("old", "#a", "").replace("2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z"));
        binder.send(post("future", "#a", "").replace("2026-11-22T10:00:00Z", "3000-01-01T00:00:00Z"));

        assertThat(binder.receiveAll()).extracting(HashtagMention::eventTime)
            .containsExactly(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
    }
}
