package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Kafka cluster of several nodes in KRaft mode, each node broker and controller in one JVM run from Kafka's own
 * jars (as {@link KafkaBroker} runs one), so that a test can kill one node outright (SIGKILL, as a crashed machine)
 * and start it again on its data. Every node votes in the controller quorum, so the cluster keeps a controller and
 * every partition a leader while a majority of nodes runs. Topics get {@code replicationFactor} replicas and take a
 * write only while {@code minInsyncReplicas} of them have it, internal topics (consumer offsets, transactions)
 * included; a node that stops heartbeating is fenced, and its partitions' leadership moved, within
 * {@link #SESSION_TIMEOUT}.
 */
public final class KafkaCluster implements AutoCloseable {

    /** How long the controller waits for a silent node's heartbeat before it fences the node (Kafka's default: 9 s). */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    private final Path libDir;

    private final Path home;

    private final String heap;

    private final int[] ports;

    private final int[] controllerPorts;

    private final ManagedProcess[] nodes;

    private KafkaCluster(Path libDir, Path home, String heap, int size) {
        this.libDir = libDir;
        this.home = home;
        this.heap = heap;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.nodes = new ManagedProcess[size];
        for (int i = 0; i < size; i++) {
            ports[i] = LocalPipeline.freePort();
            controllerPorts[i] = LocalPipeline.freePort();
        }
    }

    /**
     * Formats (first time only) and starts every node; {@link #awaitReady} waits until they listen.
     *
     * @param libDir Kafka's jars
     * @param home the cluster's directory: a {@code node-<id>} directory per node (configuration, data, log)
     * @param size how many nodes, node ids 1 to size (3 survives the loss of any one)
     * @param heap each node's maximum heap, e.g. {@code 256m}
     */
    public static KafkaCluster start(Path libDir, Path home, int size, String heap) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + size);
        }
        KafkaCluster cluster = new KafkaCluster(libDir, home, heap, size);
        String clusterId = KafkaBroker.clusterId();
        try {
            for (int id = 1; id <= size; id++) {
                cluster.prepare(id, clusterId);
            }
            for (int id = 1; id <= size; id++) {
                cluster.launch(id);
            }
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    /**
     * @return the Spring arguments that make an app create its topics for this cluster: with this replication and
     *     min.insync.replicas, through either binder, and for Kafka Streams' internal topics (changelogs,
     *     repartitions); a binder the app does not use ignores its properties
     */
    public static List<String> topicArguments(int replicationFactor, int minInsyncReplicas) {
        return List.of("--spring.cloud.stream.kafka.binder.replication-factor=" + replicationFactor,
                "--spring.cloud.stream.kafka.default.producer.topic.properties.min.insync.replicas="
                        + minInsyncReplicas,
                "--spring.cloud.stream.kafka.default.consumer.topic.properties.min.insync.replicas="
                        + minInsyncReplicas,
                "--spring.cloud.stream.kafka.streams.binder.replication-factor=" + replicationFactor,
                "--spring.cloud.stream.kafka.streams.binder.configuration.replication.factor=" + replicationFactor,
                "--spring.cloud.stream.kafka.streams.binder.configuration.topic.min.insync.replicas="
                        + minInsyncReplicas);
    }

    private Path nodeHome(int id) {
        return home.resolve("node-" + id);
    }

    private void prepare(int id, String clusterId) {
        Path dir = nodeHome(id);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), serverProperties(id, dir.resolve("data")));
            Files.writeString(dir.resolve("log4j2.properties"), KafkaBroker.LOG4J);
            if (Files.exists(dir.resolve("data/meta.properties"))) {
                return;
            }
            List<String> command = new ArrayList<>(jvm(dir));
            command.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config",
                    dir.resolve("server.properties").toAbsolutePath().toString(), "--ignore-formatted"));
            Process format = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
                .start();
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting node " + id + " failed; see " + dir.resolve("format.log"));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare Kafka node " + id + " in " + dir, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka node " + id, ex);
        }
    }

    private List<String> jvm(Path dir) {
        // The serial collector: three brokers and six apps share two cores, and G1's threads would compete.
        return List.of(ManagedProcess.javaExecutable(), "-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toAbsolutePath(), "-cp",
                libDir.toAbsolutePath() + "/*");
    }

    private void launch(int id) {
        Path dir = nodeHome(id);
        List<String> command = new ArrayList<>(jvm(dir));
        command.add("kafka.Kafka");
        command.add(dir.resolve("server.properties").toAbsolutePath().toString());
        nodes[id - 1] = ManagedProcess.start("kafka-" + id, command, dir, dir.resolve("kafka.log"));
    }

    private String serverProperties(int id, Path data) {
        int size = nodes.length;
        String voters = IntStream.rangeClosed(1, size)
            .mapToObj(voter -> voter + "@127.0.0.1:" + controllerPorts[voter - 1])
            .collect(Collectors.joining(","));
        int replication = Math.min(3, size);
        int minInsync = Math.max(1, replication - 1);
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
                # Every topic, internal ones included, on %6$d nodes; a write needs %7$d of them.
                default.replication.factor=%6$d
                min.insync.replicas=%7$d
                offsets.topic.replication.factor=%6$d
                offsets.topic.num.partitions=8
                transaction.state.log.replication.factor=%6$d
                transaction.state.log.min.isr=%7$d
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=%6$d
                share.coordinator.state.topic.min.isr=%7$d
                unclean.leader.election.enable=false
                # A killed node is fenced and its leaderships moved after %8$d ms without a heartbeat.
                broker.session.timeout.ms=%8$d
                broker.heartbeat.interval.ms=1000
                # Small thread pools: the nodes share two cores with the apps.
                num.network.threads=2
                num.io.threads=2
                background.threads=2
                log.cleaner.threads=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                log.retention.hours=24
                """.formatted(id, voters, ports[id - 1], controllerPorts[id - 1], data.toAbsolutePath(), replication,
                minInsync, SESSION_TIMEOUT.toMillis());
    }



    /** @return every node's client address, e.g. {@code 127.0.0.1:20001,127.0.0.1:20003,127.0.0.1:20005} */
    public String bootstrapServers() {
        return IntStream.of(ports).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** @return how many nodes the cluster has, running or not */
    public int size() {
        return nodes.length;
    }

    /** @return the process id of a node (ids 1 to {@link #size}) */
    public long pid(int id) {
        return node(id).pid();
    }

    public boolean isRunning(int id) {
        return node(id).isAlive();
    }

    /** Waits until every running node accepts connections on its client port. */
    public void awaitReady(Duration timeout) {
        for (int id = 1; id <= nodes.length; id++) {
            if (isRunning(id)) {
                awaitPort(id, timeout);
            }
        }
    }

    private void awaitPort(int id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            node(id).checkAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", ports[id - 1]), 500);
                return;
            }
            catch (IOException notYet) {
                Pause.briefly();
            }
        }
        throw new IllegalStateException("Kafka node " + id + " did not open port " + ports[id - 1] + " within "
                + timeout.toSeconds() + " s; see " + node(id).log());
    }

    /** Kills a node at once (SIGKILL), as a crash or a lost machine would: no controlled shutdown, no last flush. */
    public void kill(int id) {
        node(id).kill();
    }

    /** Starts a killed or stopped node again on its data directory and ports, and waits until it listens. */
    public void restart(int id, Duration timeout) {
        if (isRunning(id)) {
            throw new IllegalStateException("Kafka node " + id + " is still running");
        }
        launch(id);
        awaitPort(id, timeout);
    }

    private ManagedProcess node(int id) {
        if (id < 1 || id > nodes.length) {
            throw new IllegalArgumentException("no node " + id + "; the nodes are 1 to " + nodes.length);
        }
        return nodes[id - 1];
    }

    /** Stops every node (SIGTERM together, SIGKILL for one still running after the timeout). */
    @Override
    public void close() {
        List<ManagedProcess> running = new ArrayList<>();
        for (ManagedProcess node : nodes) {
            if (node != null) {
                running.add(node);
            }
        }
        ManagedProcess.stopAll(running, ManagedProcess.STOP_TIMEOUT);
    }
}
