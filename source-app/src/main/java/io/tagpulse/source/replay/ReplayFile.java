package io.tagpulse.source.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.NdjsonPosts;
import io.tagpulse.source.PacedSource;
import io.tagpulse.source.PostSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a replay file post by post, read as every NDJSON post is ({@link NdjsonPosts}); a line that is not a valid
 * post is skipped, logged with its number and counted. A looped file starts again at its end, its event times moved
 * on by {@link ReplayClock}. Not thread-safe.
 */
public final class ReplayFile implements Supplier<Post> {

    private static final Logger log = LoggerFactory.getLogger(ReplayFile.class);

    private final Path file;

    private final boolean loop;

    private final ReplayClock clock;

    private final Counter invalidLines;

    private NdjsonPosts.Reader reader;

    private boolean emittedThisPass;

    public ReplayFile(Path file, boolean loop, ReplayClock clock, Counter invalidLines) {
        this.file = file;
        this.loop = loop;
        this.clock = clock;
        this.invalidLines = invalidLines;
    }

    /**
     * @return the replay source of these settings; lines that are not posts are counted in
     *         {@code tagpulse.source.replay.invalid-lines}
     * @throws IllegalStateException when the file cannot be read, naming the property
     */
    public static PostSource source(ReplayProperties settings, Clock clock, MeterRegistry registry) {
        Path file = Path.of(settings.getFile());
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("tagpulse.source.replay.file: cannot read " + file.toAbsolutePath());
        }
        log.info("Replaying {}{}", file, settings.isLoop() ? " in a loop" : "");
        ReplayClock replayClock = new ReplayClock(settings.isShiftToNow(), clock.instant());
        return new PacedSource("replay", new ReplayFile(file, settings.isLoop(), replayClock,
                registry.counter("tagpulse.source.replay.invalid-lines")), settings.getRate());
    }

    /** @return the next post, or {@code null} at the end of the file (never, when looping a file with posts) */
    @Override
    public Post get() {
        while (true) {
            if (reader == null) {
                open();
            }
            NdjsonPosts.Line line = reader.next();
            if (line == null) {
                close();
                if (!loop || !emittedThisPass) {
                    return null;
                }
                clock.nextPass();
                emittedThisPass = false;
                continue;
            }
            if (line.post() == null) {
                invalidLines.increment();
                log.warn("Skipping line {} of {}: {}", line.number(), file, line.error());
                continue;
            }
            emittedThisPass = true;
            return clock.apply(line.post());
        }
    }

    private void open() {
        try {
            reader = new NdjsonPosts.Reader(Files.newInputStream(file), Long.MAX_VALUE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot open replay file " + file, ex);
        }
    }

    private void close() {
        try {
            reader.close();
        }
        catch (IOException ex) {
            log.debug("closing {}", file, ex);
        }
        reader = null;
    }
}
