package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run as a separate JVM from the
 * Kafka jars that Maven copied from Maven Central: the real server, not an imitation. Its data survives restarts of
 * the local pipeline; the storage is formatted only the first time. Public for the Data Flow integration test.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ManagedProcess process;

    private final int port;

    private KafkaBroker(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param libDir the broker's jars
     * @param home the broker's directory: configuration, data and log
     * @param port the client port; the controller listens on {@code controllerPort}
     * @param heap the broker's maximum heap, e.g. {@code 512m}
     */
    public static KafkaBroker start(Path libDir, Path home, int port, int controllerPort, String heap) {
        try {
            Files.createDirectories(home);
            Path config = home.resolve("server.properties");
            Path data = home.resolve("data");
            Files.writeString(config, serverProperties(port, controllerPort, data));
            Path log4j = home.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J);
            String classpath = libDir.toAbsolutePath() + "/*";
            List<String> jvm = List.of(ManagedProcess.javaExecutable(), "-Xmx" + heap, "-Xms128m",
                    "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(), "-cp", classpath);
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(jvm, config, home);
            }
            List<String> command = new java.util.ArrayList<>(jvm);
            command.add("kafka.Kafka");
            command.add(config.toAbsolutePath().toString());
            ManagedProcess process = ManagedProcess.start("kafka", command, home, home.resolve("kafka.log"));
            return new KafkaBroker(process, port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare the Kafka broker in " + home, ex);
        }
    }

    private static void format(List<String> jvm, Path config, Path home) throws IOException {
        List<String> command = new java.util.ArrayList<>(jvm);
        // "--cluster-id=<id>", not two arguments: a random id may start with '-', which the tool takes for an option.
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId(), "--config",
                config.toAbsolutePath().toString(), "--ignore-formatted"));
        Process format = new ProcessBuilder(command).directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("format.log").toFile()))
            .start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + home.resolve("format.log"));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", ex);
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as Kafka's own tool makes them. */
    static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static String serverProperties(int port, int controllerPort, Path data) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=4
                # One broker: every internal topic has one replica (the counter's transactions need these).
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=8
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                default.replication.factor=1
                min.insync.replicas=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                log.retention.hours=24
                """.formatted(port, controllerPort, data.toAbsolutePath());
    }

    /** The brokers' logging: warnings, and the lines that say a broker started or stopped. */
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

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Waits until the broker accepts connections on its client port. */
    public void awaitReady(Duration timeout) {
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
        throw new IllegalStateException("Kafka did not open port " + port + " within " + timeout.toSeconds()
                + " s; see " + process.log());
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
