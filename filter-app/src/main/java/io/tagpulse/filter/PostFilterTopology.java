package io.tagpulse.filter;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tagpulse.contracts.RejectedRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The filter as a Kafka Streams topology, built by a plain method:
 * <ol>
 * <li>drops a post whose id was seen within the dedupe window, by the record's time (a window store with a changelog,
 * so the memory of seen ids survives restarts and moves with its partition);</li>
 * <li>joins each post with the rules topic (a global table: every instance sees every rule at once) for the
 * blocked-tags, tracked-tags and languages rules that replace the configured ones;</li>
 * <li>applies the rules; kept posts go on as the bytes they came in, keyed by post id; a post the custom expression
 * fails on goes to the dead-letter topic with the reason in its headers.</li>
 * </ol>
 * Deduplication is per partition, so it relies on posts being keyed by post id, as the source writes them.
 */
public final class PostFilterTopology {

    /** The window store of seen post ids. */
    public static final String SEEN_STORE = "seen-post-ids";

    /** Hears what the topology decides, for metrics. */
    public interface Listener {

        void outcome(FilterOutcome outcome);

        void duplicate();

        void failed();
    }

    private record Candidate(PostRecord record, String blocked, String tracked, String languages) {
    }

    private record Decision(PostRecord record, FilterOutcome outcome, String failure) {
    }

    private PostFilterTopology() {
    }

    /** @return the kept posts, as their original bytes */
    public static KStream<String, byte[]> build(KStream<String, PostRecord> posts, GlobalKTable<String, String> rules,
            PostFilter filter, Duration dedupeWindow, String deadLetterTopic, Listener listener) {
        KStream<String, Decision> decided = posts
            .processValues(new Deduplication(dedupeWindow, listener), Named.as("dedupe"))
            .leftJoin(rules, (key, record) -> DynamicRules.BLOCKED_TAGS,
                    (record, blocked) -> new Candidate(record, blocked, null, null), Named.as("join-blocked-tags"))
            .leftJoin(rules, (key, candidate) -> DynamicRules.TRACKED_TAGS,
                    (candidate, tracked) -> new Candidate(candidate.record(), candidate.blocked(), tracked, null),
                    Named.as("join-tracked-tags"))
            .leftJoin(rules, (key, candidate) -> DynamicRules.LANGUAGES,
                    (candidate, languages) -> new Candidate(candidate.record(), candidate.blocked(),
                            candidate.tracked(), languages), Named.as("join-languages"))
            .processValues(() -> new Evaluation(filter, listener), Named.as("apply-rules"));

        var branches = decided.split(Named.as("decision-"))
            .branch((key, decision) -> decision.failure() != null, Branched.as("failed"))
            .branch((key, decision) -> decision.outcome() == FilterOutcome.ACCEPTED, Branched.as("accepted"))
            .noDefaultBranch();
        branches.get("decision-failed")
            .processValues(DeadLetter::new, Named.as("mark-dead-letter"))
            .to(deadLetterTopic, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return branches.get("decision-accepted")
            .selectKey((key, decision) -> decision.record().post().id(), Named.as("key-by-post-id"))
            .mapValues(decision -> decision.record().raw(), Named.as("original-bytes"));
    }

    /** Forwards a post only if its id was not seen within the window around the record's time. */
    static final class Deduplication implements FixedKeyProcessorSupplier<String, PostRecord, PostRecord> {

        private final Duration window;

        private final Listener listener;

        Deduplication(Duration window, Listener listener) {
            this.window = window;
            this.listener = listener;
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // Retention must cover the window on both sides of a record's time.
            return Set.of(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(SEEN_STORE, window.multipliedBy(2), window, false),
                    Serdes.String(), Serdes.Long()));
        }

        @Override
        public FixedKeyProcessor<String, PostRecord, PostRecord> get() {
            return new FixedKeyProcessor<>() {

                private FixedKeyProcessorContext<String, PostRecord> context;

                private WindowStore<String, Long> seen;

                @Override
                public void init(FixedKeyProcessorContext<String, PostRecord> context) {
                    this.context = context;
                    this.seen = context.getStateStore(SEEN_STORE);
                }

                @Override
                public void process(FixedKeyRecord<String, PostRecord> record) {
                    String id = record.value().post().id();
                    long time = record.timestamp();
                    long millis = window.toMillis();
                    try (WindowStoreIterator<Long> earlier = seen.fetch(id, time - millis, time + millis)) {
                        if (earlier.hasNext()) {
                            listener.duplicate();
                            return;
                        }
                    }
                    seen.put(id, time, time);
                    context.forward(record);
                }
            };
        }
    }

    /** Applies the configured rules, replaced by the rules topic's where it has any. */
    static final class Evaluation implements FixedKeyProcessor<String, Candidate, Decision> {

        private final PostFilter configured;

        private final Listener listener;

        private FixedKeyProcessorContext<String, Decision> context;

        private Candidate lastRules;

        private PostFilter current;

        Evaluation(PostFilter configured, Listener listener) {
            this.configured = configured;
            this.listener = listener;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decision> context) {
            this.context = context;
            this.current = configured;
        }

        @Override
        public void process(FixedKeyRecord<String, Candidate> record) {
            Candidate candidate = record.value();
            PostFilter filter = filterFor(candidate);
            Decision decision;
            try {
                FilterOutcome outcome = filter.evaluate(candidate.record().post());
                listener.outcome(outcome);
                decision = new Decision(candidate.record(), outcome, null);
            }
            catch (IllegalArgumentException ex) {
                listener.failed();
                decision = new Decision(candidate.record(), null, ex.getMessage());
            }
            context.forward(record.withValue(decision));
        }

        /** Rules change rarely: the filter is rebuilt only when the rules topic's values do. */
        private PostFilter filterFor(Candidate candidate) {
            if (lastRules == null || !Objects.equals(lastRules.blocked(), candidate.blocked())
                    || !Objects.equals(lastRules.tracked(), candidate.tracked())
                    || !Objects.equals(lastRules.languages(), candidate.languages())) {
                current = configured.withRules(DynamicRules.merge(configured.rules(), candidate.blocked(),
                        candidate.tracked(), candidate.languages()));
                lastRules = candidate;
            }
            return current;
        }
    }

    /** A post the rules could not decide on, as its original bytes with the reason in the dead-letter headers. */
    static final class DeadLetter implements FixedKeyProcessor<String, Decision, byte[]> {

        private FixedKeyProcessorContext<String, byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Decision> record) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            Optional<RecordMetadata> origin = context.recordMetadata();
            RejectedRecords.mark(headers, record.value().failure(), null,
                    origin.map(RecordMetadata::topic).orElse(null), origin.map(RecordMetadata::partition).orElse(-1),
                    origin.map(RecordMetadata::offset).orElse(-1L));
            context.forward(record.withValue(record.value().record().raw()).withHeaders(headers));
        }
    }
}
