package io.tagpulse.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tagpulse.contracts.Post;

/**
 * Newline-delimited JSON posts, one per line, read the same way from an HTTP batch and from a replay file: lines of
 * UTF-8 bytes (so a line that is not valid UTF-8 is rejected, never read with replacement characters) ending at
 * {@code \n}, a {@code \r} before it dropped, lines of only spaces and tabs skipped, each post read by
 * {@link PostJson}.
 */
public final class NdjsonPosts {

    private NdjsonPosts() {
    }

    /**
     * Reads a whole batch, all or nothing.
     *
     * @throws InvalidBatchException naming the first line that is not a valid post, or when there are more than
     *         {@code maxPosts} posts
     */
    public static List<Post> parseBatch(String body, int maxPosts) {
        return parseBatch(body.getBytes(StandardCharsets.UTF_8), maxPosts, Long.MAX_VALUE);
    }

    /**
     * Reads a whole batch, all or nothing.
     *
     * @throws PostTooLargeException naming the first line longer than {@code maxPostBytes}
     * @throws InvalidBatchException naming the first line that is not a valid post, or when there are more than
     *         {@code maxPosts} posts
     */
    public static List<Post> parseBatch(byte[] body, int maxPosts, long maxPostBytes) {
        List<Post> posts = new ArrayList<>();
        Lines lines = new Lines(new ByteArrayInputStream(body));
        for (RawLine line = lines.next(); line != null; line = lines.next()) {
            if (posts.size() == maxPosts) {
                throw new InvalidBatchException(line.number(), "the batch has more than " + maxPosts + " posts");
            }
            posts.add(PostJson.read(line.bytes(), line.number(), maxPostBytes));
        }
        if (posts.isEmpty()) {
            throw new InvalidBatchException(1, "no post in the request body");
        }
        return posts;
    }

    /** A line of a replay file: a post, or the reason it is not one. */
    public record Line(int number, Post post, String error) {
    }

    /** Reads posts line by line (a replay file), reporting a line that is not a valid post instead of stopping. */
    public static final class Reader implements Closeable {

        private final InputStream in;

        private final Lines lines;

        private final long maxPostBytes;

        public Reader(InputStream in, long maxPostBytes) {
            this.in = in;
            this.lines = new Lines(in);
            this.maxPostBytes = maxPostBytes;
        }

        /** @return the next non-blank line, or {@code null} at the end */
        public Line next() {
            RawLine line = lines.next();
            if (line == null) {
                return null;
            }
            try {
                return new Line(line.number(), PostJson.read(line.bytes(), line.number(), maxPostBytes), null);
            }
            catch (InvalidBatchException ex) {
                return new Line(line.number(), null, ex.reason());
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private record RawLine(int number, byte[] bytes) {
    }

    /** Splits a stream into numbered non-blank lines of bytes. */
    private static final class Lines {

        private final InputStream in;

        private final byte[] buffer = new byte[64 * 1024];

        private int position;

        private int limit;

        private int number;

        Lines(InputStream in) {
            this.in = in;
        }

        RawLine next() {
            for (byte[] line = readLine(); line != null; line = readLine()) {
                number++;
                int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                if (!isBlank(line, end)) {
                    return new RawLine(number, end == line.length ? line : Arrays.copyOf(line, end));
                }
            }
            return null;
        }

        /** @return the bytes up to the next {@code \n} (excluded) or the end, {@code null} when nothing is left */
        private byte[] readLine() {
            ByteArrayOutputStream longLine = null;
            while (true) {
                if (position == limit && !fill()) {
                    return longLine == null ? null : longLine.toByteArray();
                }
                int newline = position;
                while (newline < limit && buffer[newline] != '\n') {
                    newline++;
                }
                if (newline < limit && longLine == null) {
                    byte[] line = Arrays.copyOfRange(buffer, position, newline);
                    position = newline + 1;
                    return line;
                }
                if (longLine == null) {
                    longLine = new ByteArrayOutputStream();
                }
                longLine.write(buffer, position, newline - position);
                position = Math.min(newline + 1, limit);
                if (newline < limit) {
                    return longLine.toByteArray();
                }
            }
        }

        private boolean fill() {
            try {
                int read = in.read(buffer);
                position = 0;
                limit = Math.max(read, 0);
                return read > 0;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** Blank: only ASCII spaces and tabs (JSON's own whitespace), as any other byte starts a record or an error. */
        private static boolean isBlank(byte[] bytes, int end) {
            for (int i = 0; i < end; i++) {
                if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
