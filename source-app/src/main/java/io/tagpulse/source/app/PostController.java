package io.tagpulse.source.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.InvalidBatchException;
import io.tagpulse.source.http.JsonPost;
import io.tagpulse.source.NdjsonPosts;
import io.tagpulse.source.PostSink;
import io.tagpulse.source.PostTooLargeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP ingestion endpoint: {@code POST /posts} with one JSON post ({@code application/json}) or a batch of
 * newline-delimited posts ({@code application/x-ndjson}). It answers 200 only when Kafka has acknowledged every
 * post; a bad post (unreadable JSON, invalid UTF-8, a missing or wrongly typed field, a JSON array instead of one
 * post) rejects the whole request with 400 and a message naming the line in JSON's terms, and nothing is sent. A body larger than {@code tagpulse.source.max-request-size}
 * is refused with 413 before it is read whole, and so is a request with a post larger than
 * {@code tagpulse.source.max-post-size} (Kafka would refuse it on every retry). An {@code Accept} header that rules
 * out JSON is refused with 406 before anything is sent, not after.
 */
@RestController
public class PostController {

    static final String NDJSON = "application/x-ndjson";

    private final PostSink publisher;

    private final SourceProperties properties;

    public PostController(PostSink publisher, SourceProperties properties) {
        this.publisher = publisher;
        this.properties = properties;
    }

    @PostMapping(path = "/posts", consumes = "application/json", produces = "application/json")
    public ResponseEntity<Map<String, Object>> postOne(HttpServletRequest request) throws IOException {
        byte[] body = readBounded(request);
        Post post = JsonPost.parse(body, properties.maxPostSize().toBytes());
        return publishAll(List.of(post));
    }

    @PostMapping(path = "/posts", consumes = NDJSON, produces = "application/json")
    public ResponseEntity<Map<String, Object>> postBatch(HttpServletRequest request) throws IOException {
        byte[] body = readBounded(request);
        return publishAll(NdjsonPosts.parseBatch(body, properties.maxBatchPosts(),
                properties.maxPostSize().toBytes()));
    }

    private ResponseEntity<Map<String, Object>> publishAll(List<Post> posts) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(posts.size());
        for (Post post : posts) {
            CompletableFuture<Void> ack = publisher.publish(post);
            acks.add(ack);
            if (ack.isCompletedExceptionally()) {
                // Refused at once (no broker within max.block.ms): each further post would wait as long again.
                break;
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return json(HttpStatus.OK, Map.of("accepted", posts.size()));
        }
        catch (ExecutionException | TimeoutException ex) {
            long done = acks.stream().filter(ack -> ack.isDone() && !ack.isCompletedExceptionally()).count();
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            return json(HttpStatus.SERVICE_UNAVAILABLE, Map.of(
                    "error", "Kafka did not acknowledge every post: " + describe(cause)
                            + "; resend the request (posts are keyed by id, so a resend is safe to deduplicate)",
                    "acknowledged", done, "posts", posts.size()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return json(HttpStatus.SERVICE_UNAVAILABLE, Map.of("error", "interrupted"));
        }
    }

    /** Reads the body, but never more than the limit: a declared or actual larger body is refused. */
    private byte[] readBounded(HttpServletRequest request) throws IOException {
        long limit = properties.maxRequestSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw new RequestTooLargeException(limit);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > limit) {
                    throw new RequestTooLargeException(limit);
                }
                body.write(buffer, 0, read);
            }
        }
        return body.toByteArray();
    }

    /** A request body over the configured limit. */
    static final class RequestTooLargeException extends RuntimeException {

        RequestTooLargeException(long limit) {
            super("the request body is larger than tagpulse.source.max-request-size (" + limit + " bytes)");
        }
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestTooLargeException ex) {
        return json(HttpStatus.CONTENT_TOO_LARGE, Map.of("error", ex.getMessage()));
    }

    private static String describe(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "timed out";
        }
        // Spring's "Send failed" wraps what Kafka said; Kafka's own words ("Topic tagpulse.posts not present in
        // metadata after 3000 ms.") say it to an expert only.
        Throwable root = cause;
        for (Throwable next = cause; next != null; next = next.getCause() == next ? null : next.getCause()) {
            if (next instanceof org.apache.kafka.common.errors.TimeoutException) {
                return "the broker could not be reached in time (" + next.getMessage() + ")";
            }
            root = next;
        }
        return String.valueOf(root.getMessage());
    }

    @ExceptionHandler(PostTooLargeException.class)
    ResponseEntity<Map<String, Object>> postTooLarge(PostTooLargeException ex) {
        return json(HttpStatus.CONTENT_TOO_LARGE, Map.of("error", ex.getMessage(), "line", ex.line()));
    }

    @ExceptionHandler(InvalidBatchException.class)
    ResponseEntity<Map<String, Object>> badBatch(InvalidBatchException ex) {
        return json(HttpStatus.BAD_REQUEST, Map.of("error", ex.getMessage(), "line", ex.line()));
    }

    /**
     * A JSON answer whatever the Accept header's parameters: with the type preset, Spring does not negotiate again,
     * so an {@code Accept: application/json;charset=ISO-8859-1} cannot turn an answer (after the posts were sent)
     * into a 500.
     */
    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
