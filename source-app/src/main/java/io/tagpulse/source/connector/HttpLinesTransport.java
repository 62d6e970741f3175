package io.tagpulse.source.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A long-lived HTTP GET whose body is a stream of lines (server-sent events, NDJSON): each line is a frame. */
public final class HttpLinesTransport implements Transport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Connection open(Request request, Duration answerTimeout) throws IOException, InterruptedException {
        HttpRequest.Builder get = HttpRequest.newBuilder(request.uri()).timeout(answerTimeout).GET();
        request.headers().forEach(get::header);
        HttpResponse<InputStream> response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        if (response.statusCode() != 200) {
            body.close();
            throw new Refused(response.statusCode(), response.headers().map());
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        return new Connection() {

            @Override
            public String next() throws IOException {
                return lines.readLine();
            }

            @Override
            public void close() {
                try {
                    body.close();
                }
                catch (IOException ignored) {
                    // closing is how a waiting read is ended
                }
            }
        };
    }
}
