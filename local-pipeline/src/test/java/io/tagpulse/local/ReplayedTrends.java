package io.tagpulse.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.tagpulse.contracts.Topics;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import io.tagpulse.counter.CounterSettings;
import io.tagpulse.counter.TrendUpdateSerde;
import io.tagpulse.counter.app.CounterProperties;
import io.tagpulse.testing.PropertiesBinding;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trend check after a fault, for a pipeline fed {@link TrendCorpus} corpora: the committed trends topic must equal
 * a reference computed without any fault ({@link HashtagsReplay}: the committed hashtags topic, partition by
 * partition, through the counter's own topology with the settings the pipeline's counter was given). What must be
 * equal: for each key ({@code <scope>|<tag>}) the ordered list of trend updates, record for record and field for
 * field ({@link TrendComparison}). That is the strongest claim the design makes: the trend stage is event-time only
 * (its clock is the watermarks carried in the hashtags topic) and deterministic per task, and the counter writes
 * under exactly-once, so a fault may neither lose, repeat nor reorder an update, nor change one value (a state
 * restored from a changelog or a standby that decoded differently would show here); comparing only each trend's last
 * update, or the trend ids with start, peak and end, would miss a repeated or lost update in the middle. Keys have no
 * order among them (each comes from its own task), so none is compared. So that the comparison is not vacuous, at
 * least one trend must have ended and at least one of each corpus's surges must have trended globally (not every one
 * need: a task whose first mention came with its surge has no baseline yet); and the same comparison against a
 * reference without the partition holding most updates must fail, so it can fail.
 */
final class ReplayedTrends {

    /**
     * The counter's settings (without {@code --}): the grace covers the corpora's disorder ({@link TrendCorpus#DISORDER})
     * and the trend rules are shortened (a 1-minute short horizon against 10 minutes, a minute of warm-up, 30 s end
     * delay, 1-minute cooldown) so a corpus's surge starts a trend in every scope and ends it within the corpus. The
     * replay binds the same.
     */
    static final List<String> COUNTER_SETTINGS = List.of("tagpulse.counter.grace=30s",
            "tagpulse.counter.trend.short-horizon=1m", "tagpulse.counter.trend.long-horizon=10m",
            "tagpulse.counter.trend.warm-up=1m", "tagpulse.counter.trend.end-delay=30s",
            "tagpulse.counter.trend.cooldown=1m");

    private ReplayedTrends() {
    }

    /** @return {@link #COUNTER_SETTINGS} as the counter's command-line arguments */
    static String[] counterArguments() {
        return COUNTER_SETTINGS.stream().map(setting -> "--" + setting).toArray(String[]::new);
    }

    /**
     * Replays the hashtags topic once (the counts being exact, it is complete), then reads the trends topic again
     * until it has caught up with the replay (the counter may still be judging the last watermarks), and asserts what
     * the class says.
     *
     * @param surgeTags each corpus's surge tags, one list per corpus
     * @param stateDirs where the replay's drivers keep their state
     * @return what was compared, one line
     */
    static String assertAsReplayed(String bootstrapServers, List<List<String>> surgeTags, Path stateDirs) {
        Instant replayFrom = Instant.now();
        Map<Integer, List<KeyValue<String, TrendUpdate>>> replayed = HashtagsReplay.trends(bootstrapServers,
                settings(), stateDirs);
        Duration replayTook = Duration.between(replayFrom, Instant.now());
        AtomicReference<List<List<KeyValue<String, TrendUpdate>>>> written = new AtomicReference<>();
        AtomicReference<TrendComparison> compared = new AtomicReference<>();
        await("the trends written equal those of the replay").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> {
                written.set(written(bootstrapServers));
                compared.set(TrendComparison.of(replayed.values(), written.get()));
                assertThat(compared.get().differences()).as("differences from the replay").isEmpty();
            });
        TrendComparison comparison = compared.get();
        int trended = 0;
        int surges = 0;
        for (List<String> corpus : surgeTags) {
            List<String> globally = corpus.stream()
                .filter(tag -> comparison.trendIds().stream()
                    .anyMatch(id -> id.startsWith(TrendScope.GLOBAL + "|" + tag + "|")))
                .toList();
            assertThat(globally).as("surges of a corpus that trended globally, of %s", corpus).isNotEmpty();
            trended += globally.size();
            surges += corpus.size();
        }
        assertThat(comparison.ended()).as("trends that ended").isPositive();
        int dropped = replayed.entrySet().stream().max(Comparator.comparingInt(entry -> entry.getValue().size()))
            .orElseThrow().getKey();
        Map<Integer, List<KeyValue<String, TrendUpdate>>> wrong = new TreeMap<>(replayed);
        wrong.remove(dropped);
        TrendComparison againstWrong = TrendComparison.of(wrong.values(), written.get());
        assertThat(againstWrong.differences()).as("differences from a replay without partition %d", dropped)
            .isNotEmpty();
        return ("%d of %d surges trended globally; %d trend ids (%d ended) compared, %d updates, differences %d "
                + "(replay of %d hashtags partitions took %.1f s; without partition %d: %d keys differ)").formatted(
                        trended, surges, comparison.trendIds().size(), comparison.ended(), comparison.updates(),
                        comparison.differences().size(), replayed.size(), replayTook.toMillis() / 1000.0, dropped,
                        againstWrong.differences().size());
    }

    /** @return the counter's settings as the app binds them from {@link #COUNTER_SETTINGS} */
    static CounterSettings settings() {
        return PropertiesBinding.bind(CounterProperties.class, COUNTER_SETTINGS.toArray(String[]::new)).toSettings();
    }

    /** @return the committed trends topic's updates, by partition, each in offset order */
    private static List<List<KeyValue<String, TrendUpdate>>> written(String bootstrapServers) {
        Deserializer<TrendUpdate> updates = new TrendUpdateSerde().deserializer();
        return CommittedRecords.read(bootstrapServers, Topics.TRENDS).values().stream()
            .map(records -> records.stream()
                .map(record -> KeyValue.pair(new String(record.key(), StandardCharsets.UTF_8),
                        updates.deserialize(Topics.TRENDS, record.value())))
                .toList())
            .toList();
    }
}
