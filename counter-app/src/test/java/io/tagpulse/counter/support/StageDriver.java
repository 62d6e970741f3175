package io.tagpulse.counter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link TopologyTestDriver} of a stage test, registered as a field with {@code @RegisterExtension}: each test
 * starts its topology with state in a directory of its own (on {@code /dev/shm} where the machine has it, see
 * {@link StageTesting#fastStateDir}); after the test the driver is closed and the state deleted.
 */
public final class StageDriver implements AfterEachCallback {

    private final String applicationId;

    private TopologyTestDriver driver;

    private Path stateDir;

    /** @param applicationId the application id the driver runs the topology under */
    public StageDriver(String applicationId) {
        this.applicationId = applicationId;
    }

    /** @return a driver running {@code topology}, its wall clock at the real time */
    public TopologyTestDriver start(Topology topology) {
        return start(topology, new Properties(), Instant.now());
    }

    /** @return a driver running {@code topology}, its wall clock at {@code wallClock} until the test moves it */
    public TopologyTestDriver start(Topology topology, Instant wallClock) {
        return start(topology, new Properties(), wallClock);
    }

    /**
     * @return a driver running {@code topology} with {@code extra} Kafka Streams settings, its wall clock at
     *     {@code wallClock} until the test moves it
     */
    public TopologyTestDriver start(Topology topology, Properties extra, Instant wallClock) {
        if (driver != null) {
            throw new IllegalStateException("one driver a test: this one already started " + applicationId);
        }
        try {
            // On a RAM file system where there is one: the driver commits, and syncs, after every record.
            Path disk = Files.createTempDirectory("tagpulse-" + applicationId + "-");
            stateDir = StageTesting.fastStateDir(disk);
            if (!stateDir.equals(disk)) {
                Files.delete(disk);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Properties config = StageTesting.config(applicationId, stateDir);
        config.putAll(extra);
        driver = new TopologyTestDriver(topology, config, wallClock);
        return driver;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.close();
            }
        }
        finally {
            driver = null;
            if (stateDir != null) {
                StageTesting.deleteDirectory(stateDir);
                stateDir = null;
            }
        }
    }
}
