package io.tagpulse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, started by the tests themselves: a fresh cluster in a temporary directory
 * (initdb), on a free loopback port, stopped and deleted when the JVM exits or {@link #close()} is called. It runs
 * the server binaries of the machine's PostgreSQL (Debian's {@code postgresql} package, which .ci/run installs:
 * {@code /usr/lib/postgresql/<version>/bin}, or the directory named by {@value #BIN_VARIABLE}). PostgreSQL refuses
 * to run as root, so as root the server runs as the {@code postgres} user (through {@code runuser}).
 * <p>
 * Without server binaries the tests fail with a message saying how to get them: they are never skipped.
 */
public final class TestPostgres implements AutoCloseable {

    /** A directory holding initdb, pg_ctl and postgres, when not in the default places. */
    public static final String BIN_VARIABLE = "TAGPULSE_TEST_POSTGRES_BIN";

    private static final String USER = "tagpulse";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static TestPostgres shared;

    private final Path bin;

    private final Path home;

    private final int port;

    private final boolean durable;

    private boolean running;

    private TestPostgres(Path bin, Path home, int port, boolean durable) {
        this.bin = bin;
        this.home = home;
        this.port = port;
        this.durable = durable;
    }

    /** @return the server shared by the tests of this JVM, started on first use */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            shared = start(false);
            TestPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
        }
        return shared;
    }

    /**
     * Starts a server of its own (the caller closes it).
     *
     * @param durable whether commits reach the disk (fsync) as in production; the tests turn it off for speed
     */
    public static TestPostgres start(boolean durable) {
        Path bin = binaries();
        try {
            Path home = Files.createTempDirectory("tagpulse-postgres-");
            TestPostgres server = new TestPostgres(bin, home, freePort(), durable);
            if (isRoot()) {
                UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(home, users.lookupPrincipalByName("postgres"));
            }
            server.run(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER, "-A", "trust",
                    "-E", "UTF8", "--no-locale", "--no-sync");
            server.startServer();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return a JDBC URL of a new, empty database on this server */
    public String createDatabase() {
        String name = "tagpulse_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot create database " + name, ex);
        }
        return url(name);
    }

    /** @return the JDBC URL of the named database, credentials included */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Stops the server at once (fast shutdown: open connections are cut), as in a database outage. */
    public synchronized void stop() {
        if (running) {
            run(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
            running = false;
        }
    }

    /**
     * Kills the server as a crash would: SIGKILL to the postmaster (no shutdown checkpoint, open transactions cut off
     * mid-write), then waits until its server processes, which notice that their postmaster died, have exited too, so
     * that {@link #restart} can start a new one on the same data (it recovers from the write-ahead log).
     *
     * @return how long the server processes took to exit after the kill
     */
    public synchronized java.time.Duration kill() {
        if (!running) {
            throw new IllegalStateException("the server is not running");
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the postmaster's pid", ex);
        }
        ProcessHandle postmaster = ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
        List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
        processes.add(postmaster);
        long start = System.nanoTime();
        if (!postmaster.destroyForcibly()) {
            throw new IllegalStateException("cannot kill the postmaster (pid " + pid + ")");
        }
        running = false;
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (java.util.concurrent.TimeoutException ex) {
                // A server process still holding the shared memory would stop the next start: end it as well.
                process.destroyForcibly();
            }
            catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the killed server", ex);
            }
        }
        return java.time.Duration.ofNanos(System.nanoTime() - start);
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /** Starts the stopped or killed server again, on the same port with the same data. */
    public synchronized void restart() {
        if (!running) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        }
        finally {
            deleteQuietly(home);
        }
    }

    private void startServer() {
        String options = "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c max_connections=50"
                + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        run(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", home.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start");
        running = true;
    }

    private Path data() {
        return home.resolve("data");
    }

    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        try {
            Path output = Files.createTempFile("tagpulse-postgres-cmd-", ".log");
            try {
                Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", line));
                }
                if (process.exitValue() != 0) {
                    String log = Files.exists(home.resolve("server.log"))
                            ? Files.readString(home.resolve("server.log"), StandardCharsets.UTF_8) : "";
                    throw new IllegalStateException(String.join(" ", line) + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8) + log);
                }
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", line), ex);
        }
    }

    private static Path binaries() {
        String configured = System.getenv(BIN_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path bin = Paths.get(configured);
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
                throw new IllegalStateException(BIN_VARIABLE + "=" + configured + " holds no initdb and pg_ctl");
            }
            return bin;
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path found = versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> versionOf(bin.getParent())))
                    .orElse(null);
                if (found != null) {
                    return found;
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        throw new IllegalStateException("The PostgreSQL tests need PostgreSQL 15+ server binaries (initdb, pg_ctl): "
                + "install Debian's postgresql package (apt-get install postgresql; .ci/run does) or set "
                + BIN_VARIABLE + " to a directory holding them");
    }

    private static int versionOf(Path directory) {
        try {
            return Integer.parseInt(directory.getFileName().toString());
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // A leftover temporary directory is harmless.
        }
    }
}
