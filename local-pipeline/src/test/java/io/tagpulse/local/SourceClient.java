package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Sends posts to the HTTP source as NDJSON, as a client that must not lose any does: a batch is sent again until the
 * source acknowledges all of it (a 5xx or no answer is retried; the filter drops what a resend repeats).
 */
final class SourceClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LocalPipeline pipeline;

    SourceClient(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Posts the lines in batches of at most {@code size}, in order. */
    void postAll(List<String> lines, int size) {
        for (int from = 0; from < lines.size(); from += size) {
            post(String.join("\n", lines.subList(from, Math.min(lines.size(), from + size))) + "\n");
        }
    }

    /** Posts a batch until the source acknowledges all of it, for at most 3 minutes. */
    void post(String batch) {
        int lines = (int) batch.chars().filter(c -> c == '\n').count();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = tryPost(batch);
            if (status == 200) {
                return;
            }
            if (status / 100 == 4) {
                throw new AssertionError("status " + status + ": a client error means the test sent bad input");
            }
            Pause.briefly();
        }
        throw new AssertionError("the source did not accept a batch of " + lines + " posts within 3 minutes (last "
                + status + ")");
    }

    /** @return the HTTP status of one attempt, or -1 if there was no answer */
    int tryPost(String batch) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.url("source") + "/posts"))
            .header("Content-Type", "application/x-ndjson")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(batch))
            .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException noAnswer) {
            return -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", ex);
        }
    }
}
