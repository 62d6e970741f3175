package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka node in KRaft mode, broker and controller in one JVM run from Kafka's own jars: its configuration
 * ({@code server.properties}), its storage (formatted the first time only) and its process. {@link KafkaBroker} is
 * one such node alone; {@link KafkaCluster} runs several that vote in one controller quorum.
 *
 * @param name the node's process name in messages, e.g. {@code kafka} or {@code kafka-2}
 * @param dir the node's directory: configuration, data and log
 * @param port the client port
 * @param jvm the java command and its options (heap, collector) up to and including the class path
 */
record KraftNode(String name, Path dir, int port, List<String> jvm) {

    /**
     * How the node's topics are kept, and how it runs besides them.
     *
     * @param id the node id
     * @param voters the controller quorum, e.g. {@code 1@127.0.0.1:9093}
     * @param controllerPort the port this node's controller listens on
     * @param replication replicas of every topic, internal ones included
     * @param minInsync replicas a write needs
     * @param extra further lines for {@code server.properties} (timeouts, thread pools), or none
     */
    record Settings(int id, String voters, int controllerPort, int replication, int minInsync, String extra) {
    }

    /** @return the java command of a node: Kafka's jars in {@code libDir}, logging configured in {@code dir} */
    static List<String> jvm(Path libDir, Path dir, String... options) {
        List<String> jvm = new ArrayList<>();
        jvm.add(ManagedProcess.javaExecutable());
        jvm.addAll(List.of(options));
        jvm.addAll(List.of("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toAbsolutePath(), "-cp",
                libDir.toAbsolutePath() + "/*"));
        return List.copyOf(jvm);
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as Kafka's own tool makes them. */
    static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Writes the node's configuration and logging, and formats its storage unless it already holds data. */
    void prepare(Settings settings, String clusterId) {
        try {
            Files.createDirectories(dir);
            Files.writeString(config(), serverProperties(settings));
            Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format(clusterId);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare " + name + " in " + dir, ex);
        }
    }

    private void format(String clusterId) throws IOException {
        List<String> command = new ArrayList<>(jvm);
        // "--cluster-id=<id>", not two arguments: a random id may start with '-', which the tool takes for an option.
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config",
                config().toAbsolutePath().toString(), "--ignore-formatted"));
        Path log = dir.resolve("format.log");
        Process format = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the storage of " + name + " failed; see " + log);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the storage of " + name, ex);
        }
    }

    /** Starts the node on its configuration and data; {@link #awaitPort} waits until it listens. */
    ManagedProcess launch() {
        List<String> command = new ArrayList<>(jvm);
        command.add("kafka.Kafka");
        command.add(config().toAbsolutePath().toString());
        return ManagedProcess.start(name, command, dir, dir.resolve("kafka.log"));
    }

    /** Waits until the node's process accepts connections on its client port. */
    void awaitPort(ManagedProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            }
            catch (IOException notYet) {
                Pause.briefly();
            }
        }
        throw new IllegalStateException(name + " did not open port " + port + " within " + timeout.toSeconds()
                + " s; see " + process.log());
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    String serverProperties(Settings settings) {
        return """
                process.roles=broker,controller
                node.id=%1$d
                controller.quorum.voters=%2$s
                listeners=PLAINTEXT://127.0.0.1:%3$d,CONTROLLER://127.0.0.1:%4$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%3$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%5$s
                num.partitions=4
                # Every topic, internal ones included (the counter's transactions need these), on %6$d nodes; a write
                # needs %7$d of them.
                default.replication.factor=%6$d
                min.insync.replicas=%7$d
                offsets.topic.replication.factor=%6$d
                offsets.topic.num.partitions=8
                transaction.state.log.replication.factor=%6$d
                transaction.state.log.min.isr=%7$d
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=%6$d
                share.coordinator.state.topic.min.isr=%7$d
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                log.retention.hours=24
                """.formatted(settings.id(), settings.voters(), port, settings.controllerPort(),
                dir.resolve("data").toAbsolutePath(), settings.replication(), settings.minInsync())
                + settings.extra();
    }

    /** The nodes' logging: warnings, and the lines that say a node started or stopped. */
    static final String LOG4J = """
            rootLogger.level=WARN
            rootLogger.appenderRef.stdout.ref=STDOUT
            appender.stdout.type=Console
            appender.stdout.name=STDOUT
            appender.stdout.layout.type=PatternLayout
            appender.stdout.layout.pattern=[%d] %p %m (%c)%n
            logger.server.name=kafka.server.KafkaRaftServer
            logger.server.level=INFO
            logger.kafka.name=kafka.Kafka
            logger.kafka.level=INFO
            """;
}
