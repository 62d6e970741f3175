package io.tagpulse.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;

/** Newline-delimited JSON posts: one post per line, blank lines ignored. */
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
     * Reads a whole batch of UTF-8 lines, all or nothing. Lines are read as bytes, so a line that is not valid UTF-8
     * is rejected (rather than read with replacement characters).
     *
     * @throws PostTooLargeException naming the first line longer than {@code maxPostBytes}
     * @throws InvalidBatchException naming the first line that is not a valid post, or when there are more than
     *         {@code maxPosts} posts
     */
    public static List<Post> parseBatch(byte[] body, int maxPosts, long maxPostBytes) {
        List<Post> posts = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '\n', start);
            lineNumber++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, stop)) {
                if (stop - start > maxPostBytes) {
                    throw new PostTooLargeException(lineNumber, stop - start, maxPostBytes);
                }
                if (posts.size() == maxPosts) {
                    throw new InvalidBatchException(lineNumber, "the batch has more than " + maxPosts + " posts");
                }
                try {
                    posts.add(TagpulseJson.readPost(Arrays.copyOfRange(body, start, stop)));
                }
                catch (InvalidRecordException ex) {
                    throw new InvalidBatchException(lineNumber, ex.getMessage());
                }
            }
            start = end + 1;
        }
        if (posts.isEmpty()) {
            throw new InvalidBatchException(1, "no post in the request body");
        }
        return posts;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return bytes.length;
    }

    /** Blank: only ASCII spaces and tabs (JSON's own whitespace), as any other byte starts a record or an error. */
    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A line of a replay file: a post, or the reason it is not one. */
    public record Line(int number, Post post, String error) {
    }

    /** Reads the next non-blank line of a replay file, or returns {@code null} at the end. */
    public static Line next(BufferedReader reader, int previousNumber) {
        int number = previousNumber;
        try {
            String text;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    return new Line(number, TagpulseJson.readPost(text.getBytes(StandardCharsets.UTF_8)), null);
                }
                catch (InvalidRecordException ex) {
                    return new Line(number, null, ex.getMessage());
                }
            }
            return null;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
