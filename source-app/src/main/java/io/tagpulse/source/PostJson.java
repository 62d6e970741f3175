package io.tagpulse.source;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;

/**
 * The one way this app reads a post written in Tagpulse's JSON, wherever it comes from (an HTTP body, a line of an
 * NDJSON batch or of a replay file): refused when larger than the limit, else read by the contracts' reader, the one
 * every stage uses, so a post is valid here exactly when it is valid downstream. The reason is in JSON's terms and
 * names the line.
 */
public final class PostJson {

    private PostJson() {
    }

    /**
     * @param json the post's UTF-8 bytes
     * @param line the 1-based line the post is on, for the message
     * @throws PostTooLargeException when the post is longer than {@code maxBytes}
     * @throws InvalidBatchException saying what is wrong with the post
     */
    public static Post read(byte[] json, int line, long maxBytes) {
        if (json.length > maxBytes) {
            throw new PostTooLargeException(line, json.length, maxBytes);
        }
        try {
            return TagpulseJson.readPost(json);
        }
        catch (InvalidRecordException ex) {
            throw new InvalidBatchException(line, ex.getMessage());
        }
    }
}
