package io.tagpulse.counter.window;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

import io.tagpulse.contracts.HashtagMention;
import io.tagpulse.contracts.LateMention;
import io.tagpulse.counter.LateMentionSerde;
import io.tagpulse.counter.support.StageTesting;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The last step of the late output on its own: every late mention passes, unchanged, and is counted. */
class LateMentionsProcessorTests {

    @TempDir
    Path stateDir;

    @Test
    void shouldPassEveryLateMentionOnUnchangedAndCountItInTheTasksMetric() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("late-in", Consumed.with(Serdes.String(), new LateMentionSerde()))
            .processValues(LateMentionsProcessor::new, Named.as("late-mentions"))
            .to("late", Produced.with(Serdes.String(), new LateMentionSerde()));
        Properties config = StageTesting.config("late-test", stateDir);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        LateMention lateMention = new LateMention(new HashtagMention("kafka", "Kafka", "p", "test", "en", t0), t0,
                t0.plusSeconds(1), t0.plusSeconds(12), 1_000, LateMention.WINDOW_CLOSED);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, LateMention> in = driver.createInputTopic("late-in", new StringSerializer(),
                    new LateMentionSerde().serializer());
            TestOutputTopic<String, LateMention> out = driver.createOutputTopic("late", new StringDeserializer(),
                    new LateMentionSerde().deserializer());

            in.pipeInput("kafka", lateMention, t0.plusSeconds(60));
            in.pipeInput("kafka", lateMention, t0.plusSeconds(61));

            assertThat(out.readRecordsToList()).extracting(TestRecord::key, TestRecord::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kafka", lateMention),
                        org.assertj.core.groups.Tuple.tuple("kafka", lateMention));
            assertThat(driver.metrics().entrySet()).filteredOn(metric -> metric.getKey().name()
                .equals("late-mentions-total") && metric.getKey().group().equals("stream-tagpulse-counter-metrics"))
                .singleElement()
                .satisfies(metric -> assertThat(metric.getValue().metricValue()).isEqualTo(2.0));
        }
    }
}
