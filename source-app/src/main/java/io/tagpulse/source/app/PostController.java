package io.tagpulse.source.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.source.InvalidBatchException;
import io.tagpulse.source.NdjsonPosts;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP ingestion endpoint: {@code POST /posts} with one JSON post ({@code application/json}) or a batch of
 * newline-delimited posts ({@code application/x-ndjson}). It answers 200 only when Kafka has acknowledged every
 * post; a bad post rejects the whole request with 400 and a message naming the line, and nothing is sent.
 */
@RestController
public class PostController {

    static final String NDJSON = "application/x-ndjson";

    private final PostPublisher publisher;

    private final SourceProperties properties;

    public PostController(PostPublisher publisher, SourceProperties properties) {
        this.publisher = publisher;
        this.properties = properties;
    }

    @PostMapping(path = "/posts", consumes = "application/json")
    public ResponseEntity<Map<String, Object>> postOne(@RequestBody byte[] body) {
        Post post;
        try {
            post = TagpulseJson.readPost(body);
        }
        catch (InvalidRecordException ex) {
            throw new InvalidBatchException(1, ex.getMessage());
        }
        return publishAll(List.of(post));
    }

    @PostMapping(path = "/posts", consumes = NDJSON)
    public ResponseEntity<Map<String, Object>> postBatch(@RequestBody byte[] body) {
        return publishAll(NdjsonPosts.parseBatch(new String(body, StandardCharsets.UTF_8),
                properties.getMaxBatchPosts()));
    }

    private ResponseEntity<Map<String, Object>> publishAll(List<Post> posts) {
        List<CompletableFuture<Void>> acks = posts.stream().map(publisher::publish).toList();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(properties.getAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return ResponseEntity.ok(Map.of("accepted", posts.size()));
        }
        catch (ExecutionException | TimeoutException ex) {
            long done = acks.stream().filter(ack -> ack.isDone() && !ack.isCompletedExceptionally()).count();
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of(
                    "error", "Kafka did not acknowledge every post: " + describe(cause)
                            + "; resend the request (posts are keyed by id, so a resend is safe to deduplicate)",
                    "acknowledged", done, "posts", posts.size()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "interrupted"));
        }
    }

    private static String describe(Throwable cause) {
        return cause instanceof TimeoutException ? "timed out" : String.valueOf(cause.getMessage());
    }

    @ExceptionHandler(InvalidBatchException.class)
    ResponseEntity<Map<String, Object>> badBatch(InvalidBatchException ex) {
        return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage(), "line", ex.line()));
    }
}
