package io.tagpulse.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** The nodes' processes, by id - 1 (null until started). */
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
        String clusterId = KraftNode.clusterId();
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

    private KraftNode node(int id) {
        Path dir = home.resolve("node-" + id);
        // The serial collector: three brokers and six apps share two cores, and G1's threads would compete.
        return new KraftNode("kafka-" + id, dir, ports[id - 1],
                KraftNode.jvm(libDir, dir, "-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC"));
    }

    private void prepare(int id, String clusterId) {
        int size = nodes.length;
        String voters = IntStream.rangeClosed(1, size)
            .mapToObj(voter -> voter + "@127.0.0.1:" + controllerPorts[voter - 1])
            .collect(Collectors.joining(","));
        int replication = Math.min(3, size);
        String extra = """
                unclean.leader.election.enable=false
                # A killed node is fenced and its leaderships moved after %1$d ms without a heartbeat.
                broker.session.timeout.ms=%1$d
                broker.heartbeat.interval.ms=1000
                # Small thread pools: the nodes share two cores with the apps.
                num.network.threads=2
                num.io.threads=2
                background.threads=2
                log.cleaner.threads=1
                """.formatted(SESSION_TIMEOUT.toMillis());
        node(id).prepare(new KraftNode.Settings(id, voters, controllerPorts[id - 1], replication,
                Math.max(1, replication - 1), extra), clusterId);
    }

    private void launch(int id) {
        nodes[id - 1] = node(id).launch();
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
        return process(id).pid();
    }

    public boolean isRunning(int id) {
        return process(id).isAlive();
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
        node(id).awaitPort(process(id), timeout);
    }

    /** Kills a node at once (SIGKILL), as a crash or a lost machine would: no controlled shutdown, no last flush. */
    public void kill(int id) {
        process(id).kill();
    }

    /** Starts a killed or stopped node again on its data directory and ports, and waits until it listens. */
    public void restart(int id, Duration timeout) {
        if (isRunning(id)) {
            throw new IllegalStateException("Kafka node " + id + " is still running");
        }
        launch(id);
        awaitPort(id, timeout);
    }

    private ManagedProcess process(int id) {
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
