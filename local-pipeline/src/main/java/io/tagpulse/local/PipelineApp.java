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

/** One of the six apps, run from its Spring Boot jar (extracted, with class-data sharing) as a child JVM. */
final class PipelineApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;

    private final int port;

    /** What the last health check that was not UP answered. */
    private volatile String lastAnswer = "no answer";

    private PipelineApp(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static PipelineApp start(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments,
            Path workDir, Path log) {
        ClassDataSharing.Launch launch = ClassDataSharing.prepare(jar, jvmOptions);
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(launch.jvmOptions());
        command.add("-jar");
        command.add(launch.jar().toAbsolutePath().toString());
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
        while (!healthy()) {
            if (System.nanoTime() >= deadline) {
                throw notHealthyWithin(timeout);
            }
            Pause.briefly();
        }
    }

    /**
     * Asks the app's actuator health once.
     *
     * @return whether it says UP (Kafka bindings and database included)
     * @throws IllegalStateException naming the log when the app has died
     */
    boolean healthy() {
        process.checkAlive();
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url("/actuator/health"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return true;
            }
            lastAnswer = response.statusCode() + " " + response.body();
        }
        catch (IOException notYet) {
            lastAnswer = notYet.toString();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(), ex);
        }
        return false;
    }

    /** @return the error that the app was not healthy within the timeout, with its last answer and its log */
    IllegalStateException notHealthyWithin(Duration timeout) {
        return new IllegalStateException(name() + " was not healthy within " + timeout.toSeconds() + " s (last: "
                + lastAnswer + "); see " + process.log());
    }

    @Override
    public void close() {
        process.close();
    }
}
