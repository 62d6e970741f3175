package io.tagpulse.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPipelineOptionsTests {

    @Test
    void shouldKnowOptionsOfThisJvmAndNoOthers() {
        assertThat(LocalPipeline.jvmKnowsOption("UseSerialGC")).isTrue();
        assertThat(LocalPipeline.jvmKnowsOption("NoSuchOptionAnywhere")).isFalse();
    }

    @Test
    void shouldGiveEveryAppASmallSerialHeapAndTrimNativeMemoryWhereTheJvmCan() {
        var options = LocalPipeline.Options.defaults(Path.of("home"), Path.of("work"));

        for (String app : LocalPipeline.APPS) {
            assertThat(options.jvmOptions(app)).as(app).startsWith(app.equals("sink") ? "-Xmx96m" : "-Xmx128m")
                .contains("-XX:+UseSerialGC")
                .filteredOn(option -> option.startsWith("-Xmx")).hasSize(1);
            assertThat(options.jvmOptions(app).contains("-XX:TrimNativeHeapInterval=5000"))
                .isEqualTo(LocalPipeline.jvmKnowsOption("TrimNativeHeapInterval"));
        }
        assertThat(options.jvmOptions("a reference child")).startsWith("-Xmx128m");
    }

    @Test
    void shouldLetAHeapGivenToEveryAppOrToOneWinOverTheDefaults() {
        var options = LocalPipeline.Options.defaults(Path.of("home"), Path.of("work"));

        var everyApp = options.withJvmOptions("-Xmx256m").withFreePorts();
        assertThat(everyApp.jvmOptions("sink")).containsSubsequence("-Xmx96m", "-Xmx256m").last()
            .isEqualTo("-Xmx256m");

        var oneApp = options.withAppHeap("counter", "192m").withArguments("counter", "--x=1")
            .withDatabase("jdbc:h2:mem:x", "sa", "").withStartupTimeout(Duration.ofMinutes(1));
        assertThat(oneApp.jvmOptions("counter")).startsWith("-Xmx192m");
        assertThat(oneApp.jvmOptions("sink")).startsWith("-Xmx96m");
        assertThat(oneApp.withExternalKafka("127.0.0.1:9092", 3, 2).jvmOptions("counter")).startsWith("-Xmx192m");
    }

    @Test
    void shouldKeepTheDatabaseThroughEveryOtherChangeOfTheOptions() {
        var options = LocalPipeline.Options.defaults(Path.of("home"), Path.of("work"));
        assertThat(options.database()).as("the embedded H2 file by default").isNull();

        var changed = options.withDatabase("jdbc:postgresql://127.0.0.1:5432/tagpulse", "tagpulse", "")
            .withFreePorts()
            .withJvmOptions("-Xss512k")
            .withArguments("sink", "--x=1");

        assertThat(changed.database())
            .isEqualTo(new LocalPipeline.Database("jdbc:postgresql://127.0.0.1:5432/tagpulse", "tagpulse", ""));
    }

    @Test
    void shouldShowATrendLocallyWithinMinutesWithRulesTheCounterAccepts() {
        Map<String, Duration> trend = durations(LocalPipeline.QUICK_TRENDS, "--tagpulse.counter.trend.");
        Map<String, Duration> schedule = durations(LocalPipeline.QUICK_SCHEDULE, "--tagpulse.source.generator.");

        // The counter's own rules (TrendRules): a long horizon of at least two short ones, a warm-up within the long
        // horizon's history, the 10 s buckets and 1 min author and baseline buckets dividing the horizons.
        assertThat(trend.get("long-horizon")).isGreaterThanOrEqualTo(trend.get("short-horizon").multipliedBy(2));
        assertThat(trend.get("warm-up"))
            .isLessThanOrEqualTo(trend.get("long-horizon").minus(trend.get("short-horizon")));
        assertThat(trend.get("short-horizon").toSeconds() % 60).isZero();
        assertThat(trend.get("long-horizon").toSeconds() % 60).isZero();
        // The first surge comes after the warm-up (counted from the counter's first event, about the generator's
        // start) and peaks a minute later: a trend within about 5 minutes.
        assertThat(schedule.get("surge-start-after")).isGreaterThan(trend.get("warm-up"))
            .isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.get("spam-start-after")).isGreaterThan(trend.get("warm-up"));
    }

    @Test
    void shouldRunTheAppsOnAnExternalKafkaWithItsReplicationWhateverIsSetAfterwards() {
        var options = LocalPipeline.Options.defaults(Path.of("home"), Path.of("work"))
            .withExternalKafka("127.0.0.1:1,127.0.0.1:2,127.0.0.1:3", 3, 2)
            .withFreePorts()
            .withJvmOptions("-Xss1m")
            .withArguments("counter", "--tagpulse.counter.grace=20s");

        assertThat(options.externalKafka()).isEqualTo("127.0.0.1:1,127.0.0.1:2,127.0.0.1:3");
        for (String app : LocalPipeline.APPS) {
            assertThat(options.extraArguments().get(app)).as(app)
                .contains("--spring.cloud.stream.kafka.binder.replication-factor=3",
                        "--spring.cloud.stream.kafka.default.producer.topic.properties.min.insync.replicas=2",
                        "--spring.cloud.stream.kafka.streams.binder.configuration.replication.factor=3",
                        "--spring.cloud.stream.kafka.streams.binder.configuration.topic.min.insync.replicas=2");
        }
        assertThat(options.extraArguments().get("counter")).contains("--tagpulse.counter.grace=20s");
        assertThat(LocalPipeline.Options.defaults(Path.of("home"), Path.of("work")).externalKafka()).isNull();
    }

    private static Map<String, Duration> durations(List<String> arguments, String prefix) {
        Map<String, Duration> durations = new HashMap<>();
        for (String argument : arguments) {
            assertThat(argument).startsWith(prefix).contains("=");
            String[] parts = argument.substring(prefix.length()).split("=", 2);
            assertThat(parts[1]).matches("[0-9]+m");
            durations.put(parts[0], Duration.ofMinutes(Long.parseLong(parts[1].replace("m", ""))));
        }
        return durations;
    }
}
