package io.tagpulse.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.tagpulse.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak run's load: posts the harness knows ({@link TimedPosts}, up to 0.9 s out of order, dated as they are
 * made) written straight to the posts topic at a steady rate, keyed by post id as the source writes them, on a thread
 * of its own. The producer is idempotent and waits up to 10 minutes for the broker (a fault may be a broker restart):
 * posts made while it is away are buffered and go out when it is back. Alongside, the count error of what the sink
 * stored against the posts made so far.
 */
final class SoakFeed implements AutoCloseable {

    /** The size of the counted windows, the counter's default. */
    static final long WINDOW_MILLIS = 1_000;

    private final TimedPosts posts = new TimedPosts("soak", 200, 18, WINDOW_MILLIS);

    private final KafkaProducer<String, String> producer;

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    private final Thread thread;

    private volatile boolean stopping;

    private SoakFeed(String bootstrapServers, int rate) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000),
                new StringSerializer(), new StringSerializer());
        thread = new Thread(() -> feed(rate), "soak-feed");
        thread.setDaemon(true);
    }

    /** Starts feeding {@code rate} posts a second. */
    static SoakFeed start(String bootstrapServers, int rate) {
        SoakFeed feed = new SoakFeed(bootstrapServers, rate);
        feed.thread.start();
        return feed;
    }

    private void feed(int rate) {
        long start = System.nanoTime();
        long made = 0;
        while (!stopping) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
            // At most a second's worth at once: after the producer blocked, the feed catches up in steps.
            int size = (int) Math.min(due - made, rate);
            if (size > 0) {
                String batch;
                synchronized (posts) {
                    batch = posts.liveBatch(size, Instant.now(), true);
                }
                batch.lines().forEach(this::send);
                made += size;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private void send(String post) {
        producer.send(new ProducerRecord<>(Topics.POSTS, id(post), post), (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
            }
            else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    /** @return the post's id: TimedPosts writes it first */
    static String id(String post) {
        int from = post.indexOf("\"id\":\"") + 6;
        return post.substring(from, post.indexOf('"', from));
    }

    /** @return the count error of the stored 1 s counts over the windows that ended by {@code endedBy} (epoch ms) */
    CountError error(Map<String, Map<Long, Long>> stored, long endedBy) {
        synchronized (posts) {
            return CountError.between(posts.expectedCounts(), stored, WINDOW_MILLIS, endedBy);
        }
    }

    /** @return how many posts the broker has acknowledged */
    long acknowledged() {
        return acknowledged.get();
    }

    /** @return how many posts the producer gave up on (each then shows in the count error) */
    long failed() {
        return failed.get();
    }

    /** @return the first failure of the producer, if any */
    Exception firstFailure() {
        return firstFailure.get();
    }

    /** @return how many posts and mentions were made */
    long[] madePostsAndMentions() {
        synchronized (posts) {
            return new long[] {posts.posts(), posts.mentions()};
        }
    }

    /** Stops the feed, then waits until every post made is acknowledged or failed. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofMinutes(2).toMillis());
        producer.flush();
        producer.close(Duration.ofMinutes(1));
    }
}
