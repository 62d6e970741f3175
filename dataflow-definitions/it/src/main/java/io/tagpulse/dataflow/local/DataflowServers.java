package io.tagpulse.dataflow.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.locks.LockSupport;

import io.tagpulse.local.ManagedProcess;

/**
 * A real Skipper server and a real Data Flow server, each from its runnable jar as published on Maven Central,
 * with embedded H2 and Skipper's local deployer, which runs the stream's apps as child JVMs of Skipper.
 *
 * @param skipper the Skipper server's process
 * @param dataflow the Data Flow server's process
 * @param dataflowPort the port the Data Flow server answers on
 */
public record DataflowServers(ManagedProcess skipper, ManagedProcess dataflow, int dataflowPort)
        implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param servers the directory holding spring-cloud-skipper-server.jar and spring-cloud-dataflow-server.jar
     * @param workDir logs, and the apps' working directories
     * @param kafka the broker every stream app is pointed at
     */
    public static DataflowServers start(Path servers, Path workDir, String kafka, int skipperPort, int dataflowPort,
            Duration timeout) {
        String java = ManagedProcess.javaExecutable();
        List<String> skipperCommand = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", servers.resolve("spring-cloud-skipper-server.jar").toString(),
                "--server.port=" + skipperPort,
                "--spring.cloud.config.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:skipper;DB_CLOSE_DELAY=-1",
                // maven:// apps come from the local repository (./mvnw install), never from a remote one.
                "--maven.offline=true",
                // The apps: small heaps, their working directories (and logs) under target/, kept for a post-mortem.
                "--spring.cloud.skipper.server.platform.local.accounts.default.javaOpts=-Xmx256m -XX:+UseSerialGC",
                "--spring.cloud.skipper.server.platform.local.accounts.default.workingDirectoriesRoot="
                        + workDir.resolve("apps").toAbsolutePath(),
                "--spring.cloud.skipper.server.platform.local.accounts.default.deleteFilesOnExit=false",
                "--spring.cloud.skipper.server.platform.local.accounts.default.shutdownTimeout=60");
        ManagedProcess skipper = ManagedProcess.start("skipper", skipperCommand, workDir, workDir.resolve("skipper.log"));
        List<String> dataflowCommand = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", servers.resolve("spring-cloud-dataflow-server.jar").toString(),
                "--server.port=" + dataflowPort,
                "--spring.cloud.config.enabled=false",
                // The embedded database's TCP port (19092 by default) on a free port, so runs do not collide.
                "--spring.datasource.url=jdbc:h2:tcp://localhost:" + freePort() + "/mem:dataflow",
                "--spring.cloud.skipper.client.serverUri=http://localhost:" + skipperPort + "/api",
                "--maven.offline=true",
                "--spring.cloud.dataflow.features.tasks-enabled=false",
                "--spring.cloud.dataflow.features.schedules-enabled=false",
                // Every stream app talks to the test's broker, through both binders.
                "--spring.cloud.dataflow.applicationProperties.stream.spring.cloud.stream.kafka.binder.brokers=" + kafka,
                "--spring.cloud.dataflow.applicationProperties.stream.spring.cloud.stream.kafka.streams.binder.brokers="
                        + kafka));
        ManagedProcess dataflow = ManagedProcess.start("dataflow", dataflowCommand, workDir,
                workDir.resolve("dataflow.log"));
        DataflowServers started = new DataflowServers(skipper, dataflow, dataflowPort);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!answers("http://localhost:" + skipperPort + "/api/about")
                    || !answers("http://localhost:" + dataflowPort + "/about")) {
                skipper.checkAlive();
                dataflow.checkAlive();
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted while waiting for Skipper and Data Flow");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Skipper and Data Flow did not answer within " + timeout.toSeconds()
                            + " s; see " + skipper.log() + " and " + dataflow.log());
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
            return started;
        }
        catch (RuntimeException ex) {
            started.close();
            throw ex;
        }
    }

    public String uri() {
        return "http://localhost:" + dataflowPort;
    }

    /** @return the body of a GET on the Data Flow server */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri() + path))
            .timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static boolean answers(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException notYet) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("no free port", ex);
        }
    }

    public long skipperPid() {
        return skipper.pid();
    }

    public List<Long> pids() {
        return List.of(dataflow.pid(), skipper.pid());
    }

    /** Data Flow first, then Skipper, whose local deployer stops any app still running as it shuts down. */
    @Override
    public void close() {
        dataflow.close();
        skipper.close();
    }
}
