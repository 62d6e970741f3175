package io.tagpulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One of the six apps, run from its Spring Boot jar as a child JVM. */
final class PipelineApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;

    private final int port;

    private PipelineApp(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static PipelineApp start(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments,
            Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        return new PipelineApp(ManagedProcess.start(name, command, workDir, log), port);
    }

    String name() {
        return process.name();
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    ManagedProcess process() {
        return process;
    }

    /** Waits until the app's actuator health says UP (Kafka bindings and database included). */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url("/actuator/health"))).timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            }
            catch (IOException notYet) {
                last = notYet.toString();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name(), ex);
            }
            Pause.briefly();
        }
        throw new IllegalStateException(name() + " was not healthy within " + timeout.toSeconds() + " s (last: " + last
                + "); see " + process.log());
    }

    @Override
    public void close() {
        process.close();
    }
}
