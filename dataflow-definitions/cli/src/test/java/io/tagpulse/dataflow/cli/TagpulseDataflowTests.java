package io.tagpulse.dataflow.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's exit codes and messages; the commands against a real server are in dataflow-definitions/it. */
class TagpulseDataflowTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldSayClearlyWhenTheServerCannotBeReached() throws Exception {
        int exit = run("--dataflow-uri", "http://localhost:" + closedPort(), "status");

        assertThat(exit).isEqualTo(3);
        assertThat(err()).contains("cannot reach the Data Flow server at http://localhost:")
            .contains("Is it running? Set --dataflow-uri or DATAFLOW_URI.");
    }

    @Test
    void shouldReportABadDefinitionBeforeContactingTheServer() throws Exception {
        Path streams = Files.writeString(dir.resolve("s.dsl"), "broken = in: tagpulse-source | | out: tagpulse-sink\n");

        int exit = run("--dataflow-uri", "http://localhost:" + closedPort(), "apply", "--apps",
                "../apps/local.properties", "--streams", streams.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains(streams + ":1:").contains("stream 'broken' does not parse");
    }

    @Test
    void shouldReadDeployArgumentsInAnyOrderThenGoToTheServer() throws Exception {
        int exit = run("--dataflow-uri", "http://localhost:" + closedPort(), "deploy", "--properties",
                "../deployment/local.properties", "hashtags", "--properties", "../deployment/kubernetes.properties");

        assertThat(exit).as(err()).isEqualTo(3);
    }

    @Test
    void shouldRejectAnUnknownCommandWithTheUsage() {
        assertThat(run("deploi", "hashtags")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'deploi'").contains("Usage: tagpulse-dataflow");
    }

    @Test
    void shouldRejectACountThatIsNoNumber() {
        assertThat(run("scale", "hashtags", "count", "two")).isEqualTo(2);
        assertThat(err()).contains("COUNT must be a number, not 'two'");
    }

    private int run(String... args) {
        return TagpulseDataflow.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
