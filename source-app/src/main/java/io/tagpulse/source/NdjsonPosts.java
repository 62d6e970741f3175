package io.tagpulse.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        List<Post> posts = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (posts.size() == maxPosts) {
                throw new InvalidBatchException(i + 1, "the batch has more than " + maxPosts + " posts");
            }
            try {
                posts.add(TagpulseJson.readPost(line.getBytes(StandardCharsets.UTF_8)));
            }
            catch (InvalidRecordException ex) {
                throw new InvalidBatchException(i + 1, ex.getMessage());
            }
        }
        if (posts.isEmpty()) {
            throw new InvalidBatchException(1, "no post in the request body");
        }
        return posts;
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
