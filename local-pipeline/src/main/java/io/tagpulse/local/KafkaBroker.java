package io.tagpulse.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run as a separate JVM from the
 * Kafka jars that Maven copied from Maven Central: the real server, not an imitation. Its data survives restarts of
 * the local pipeline; the storage is formatted only the first time. Public for the Data Flow integration test.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KraftNode node;

    private final ManagedProcess process;

    private KafkaBroker(KraftNode node, ManagedProcess process) {
        this.node = node;
        this.process = process;
    }

    /**
     * @param libDir the broker's jars
     * @param home the broker's directory: configuration, data and log
     * @param port the client port; the controller listens on {@code controllerPort}
     * @param heap the broker's maximum heap, e.g. {@code 512m}
     */
    public static KafkaBroker start(Path libDir, Path home, int port, int controllerPort, String heap) {
        KraftNode node = new KraftNode("kafka", home, port,
                KraftNode.jvm(libDir, home, "-Xmx" + heap, "-Xms128m", "-XX:+UseG1GC"));
        // One node: every topic, internal ones included, has one replica, and a write needs only it.
        node.prepare(new KraftNode.Settings(1, "1@127.0.0.1:" + controllerPort, controllerPort, 1, 1,
                ""),
                KraftNode.clusterId());
        return new KafkaBroker(node, node.launch());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + node.port();
    }

    /** Waits until the broker accepts connections on its client port. */
    public void awaitReady(Duration timeout) {
        node.awaitPort(process, timeout);
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
