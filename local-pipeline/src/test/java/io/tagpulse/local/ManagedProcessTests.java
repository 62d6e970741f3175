package io.tagpulse.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A child that dies at start-up is reported with the cause its log names, so a CI summary that shows only the
 * exception still says why; and the free ports a test run hands out are distinct.
 */
@Timeout(30)
class ManagedProcessTests {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheLastErrorOfTheLogWhenTheProcessHasDied() {
        ManagedProcess process = ManagedProcess.start("kafka", List.of("sh", "-c",
                "echo 'INFO starting'; echo '\tproduction.exception.handler = class org.apache.kafka.streams.errors."
                        + "DefaultProductionExceptionHandler'; echo '[2026-12-07] ERROR [KafkaServer] Fatal error during startup'; "
                        + "echo 'org.apache.kafka.common.KafkaException: Socket server failed to bind to "
                        + "127.0.0.1:29092: Address already in use.'; echo 'INFO shut down'; exit 1"),
                dir, dir.resolve("kafka.log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());

        assertThatIllegalStateException().isThrownBy(process::checkAlive)
            .withMessageStartingWith("kafka exited with code 1 (org.apache.kafka.common.KafkaException: Socket server "
                    + "failed to bind to 127.0.0.1:29092: Address already in use.); see ")
            .withMessageEndingWith("kafka.log");
    }

    @Test
    void shouldSayOnlyTheExitCodeWhenTheLogNamesNoError() {
        ManagedProcess process = ManagedProcess.start("app", List.of("sh", "-c",
                "echo '\tdeserialization.exception.handler = class org.apache.kafka.streams.errors."
                        + "LogAndFailExceptionHandler'; echo 'INFO bye'; exit 3"), dir,
                dir.resolve("app.log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());

        assertThatIllegalStateException().isThrownBy(process::checkAlive)
            .withMessage("app exited with code 3; see " + dir.resolve("app.log"));
    }

    @Test
    void shouldNeverHandOutTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertThat(ports.add(LocalPipeline.freePort())).as("port %d handed out twice", i).isTrue();
        }
        assertThat(ports).allSatisfy(port -> assertThat(port).isBetween(20_000, 31_999));
    }
}
