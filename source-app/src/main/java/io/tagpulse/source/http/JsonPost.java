package io.tagpulse.source.http;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.InvalidBatchException;
import io.tagpulse.source.PostJson;
import io.tagpulse.source.PostTooLargeException;

/** One post as one JSON object: the {@code application/json} body of {@code POST /posts}. */
public final class JsonPost {

    /** What a client that sent an array is told to do instead. */
    static final String NOT_AN_ARRAY = "expected one post as a JSON object, got a JSON array; to send several posts "
            + "in one request, use Content-Type application/x-ndjson with one post per line";

    private JsonPost() {
    }

    /**
     * @throws PostTooLargeException when the post is longer than {@code maxPostBytes}
     * @throws InvalidBatchException (line 1) saying what is wrong with the post, in JSON's terms
     */
    public static Post parse(byte[] body, long maxPostBytes) {
        if (body.length <= maxPostBytes && startsWithArray(body)) {
            throw new InvalidBatchException(1, NOT_AN_ARRAY);
        }
        return PostJson.read(body, 1, maxPostBytes);
    }

    /** Whether the first JSON token is {@code [}, after JSON whitespace and a UTF-8 byte order mark. */
    private static boolean startsWithArray(byte[] body) {
        int i = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && body[i] == '[';
    }
}
