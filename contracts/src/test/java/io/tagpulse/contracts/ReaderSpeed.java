package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Times the databind and streaming readers of posts and mentions on generated records and prints ns per record (the
 * median of several rounds). A main class, not a test: timings are no business of the build. Run it with the
 * contracts' classes, test classes and dependencies on the class path.
 */
public final class ReaderSpeed {

    private static final int RECORDS = 200_000;

    private static final int ROUNDS = 7;

    private ReaderSpeed() {
    }

    /** Prints the timings; an optional argument sets the number of records. */
    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : RECORDS;
        Random random = new Random(42);
        List<byte[]> posts = new ArrayList<>(records);
        List<byte[]> mentions = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            Instant createdAt = Instant.ofEpochSecond(1_760_000_000L + random.nextInt(10_000_000),
                    random.nextBoolean() ? 0 : random.nextInt(1000) * 1_000_000);
            List<String> tags = List.of("Kafka", "tag" + random.nextInt(5000), "Java");
            posts.add(TagpulseJson.write(new Post("at://did:plc:" + random.nextInt() + "/post/" + i, "bluesky",
                    "user" + random.nextInt(100_000) + ".bsky.social", "en",
                    "Reading about #Kafka and #Java streams today, " + "lorem ipsum ".repeat(random.nextInt(10))
                            + "#tag" + random.nextInt(5000),
                    createdAt, random.nextInt(4) == 0 ? null : tags, random.nextInt(10) == 0 ? "p" + i : null)));
            mentions.add(TagpulseJson.write(new HashtagMention("tag" + random.nextInt(5000),
                    "Tag" + random.nextInt(5000), "p" + i, "bluesky", random.nextBoolean() ? "en" : null, createdAt)));
        }
        time("Post", posts, TagpulseJson::readPostWithDatabind, TagpulseJson::readPost);
        time("HashtagMention", mentions, TagpulseJson::readMentionWithDatabind, TagpulseJson::readMention);
    }

    private static void time(String type, List<byte[]> records, Function<byte[], Object> databind,
            Function<byte[], Object> streaming) {
        double[] old = new double[ROUNDS];
        double[] current = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            old[round] = nanosPerRecord(records, databind);
            current[round] = nanosPerRecord(records, streaming);
            System.out.printf("%s round %d: databind %.0f ns/record, streaming %.0f ns/record%n", type, round + 1,
                    old[round], current[round]);
        }
        double oldMedian = median(old);
        double currentMedian = median(current);
        System.out.printf("%s median: databind %.0f ns/record, streaming %.0f ns/record (%.1fx)%n", type, oldMedian,
                currentMedian, oldMedian / currentMedian);
    }

    private static double nanosPerRecord(List<byte[]> records, Function<byte[], Object> reader) {
        int sink = 0;
        long start = System.nanoTime();
        for (byte[] record : records) {
            sink += reader.apply(record) == null ? 0 : 1;
        }
        long elapsed = System.nanoTime() - start;
        if (sink != records.size()) {
            throw new IllegalStateException("a reader returned null");
        }
        return (double) elapsed / records.size();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
