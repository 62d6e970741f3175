package io.tagpulse.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.twitter.twittertext.Extractor;
import io.tagpulse.contracts.HashtagExtractor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hashtag extraction speed, posts per second on one thread: Tagpulse's {@link HashtagExtractor} beside the plain
 * twitter-text {@link Extractor}, on the same posts in the same run. {@code taggedShare} is the share of posts that
 * contain a hash sign at all (a public firehose has a small share; a filtered stream has all).
 * <p>
 * {@code java -jar benchmarks/target/benchmarks.jar HashtagExtraction -p taggedShare=0.1,1.0}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xmx512m" })
public class HashtagExtractionBenchmark {

    private static final String[] WORDS = { "the", "new", "release", "is", "out", "today", "check", "this", "thread",
            "about", "música", "привет", "日本語の", "مرحبا", "שלום", "हिन्दी", "ภาษาไทย", "🎉", "😂", "https://example.com/a?b=c",
            "@someone", "and", "we", "love", "it", "!" };

    private static final String[] TAGS = { "#java", "#Kafka", "#música", "#привет", "#日本", "#مصر", "#ソフト・ウェア",
            "#2026goals", "#AI", "＃ｆｕｌｌ" };

    /** Share of posts with at least one hashtag. */
    @Param({ "0.1", "1.0" })
    public double taggedShare;

    private final Extractor twitterText = new Extractor();

    private final HashtagExtractor tagpulse = new HashtagExtractor();

    private final List<String> texts = new ArrayList<>();

    private int next;

    @Setup
    public void corpus() {
        Random random = new Random(2026);
        for (int i = 0; i < 4096; i++) {
            StringBuilder text = new StringBuilder();
            int words = 8 + random.nextInt(30);
            boolean tagged = random.nextDouble() < taggedShare;
            for (int w = 0; w < words; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                if (tagged && random.nextInt(6) == 0) {
                    text.append(TAGS[random.nextInt(TAGS.length)]).append(' ');
                }
            }
            if (tagged) {
                text.append(TAGS[random.nextInt(TAGS.length)]);
            }
            texts.add(text.toString());
        }
    }

    private String nextText() {
        next = (next + 1) & (texts.size() - 1);
        return texts.get(next);
    }

    @Benchmark
    public void tagpulseExtractor(Blackhole sink) {
        sink.consume(tagpulse.fromText(nextText()));
    }

    @Benchmark
    public void twitterTextExtractor(Blackhole sink) {
        sink.consume(twitterText.extractHashtags(nextText()));
    }
}
