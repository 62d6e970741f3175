package io.tagpulse.dataflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamDefinitionTests {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheProjectsStreamDefinitions() {
        List<StreamDefinition> streams = StreamDefinition.load(Path.of("../streams"));

        assertThat(streams).extracting(StreamDefinition::name).containsExactly("hashtags", "dashboard", "hourly");
        assertThat(streams.get(0).dsl()).isEqualTo("ingest: tagpulse-source | filter: tagpulse-filter"
                + " | split: tagpulse-processor | count: tagpulse-counter | store: tagpulse-sink");
        // The dashboard taps the counter's output, after the stream it taps, and names the tapped stream's trends and
        // moderation topics for its extra bindings (they would default to dashboard.*).
        assertThat(streams.get(1).dsl()).startsWith(":hashtags.count > dashboard: tagpulse-dashboard ")
            .contains("--spring.cloud.stream.bindings.trends.destination=hashtags.trends",
                    "--spring.cloud.stream.bindings.moderation.destination=hashtags.trend-moderation")
            .doesNotContain("trending");
        // The hourly tap counts hour windows only: no trends judged, none stored or announced.
        assertThat(streams.get(2).dsl()).startsWith(":hashtags.split > ")
            .contains("--tagpulse.counter.trend.scopes='' ", "--spring.cloud.function.definition=storeCounts");
    }

    @Test
    void shouldBeTheDefinitionsTheShellScriptCreates() throws Exception {
        Pattern create = Pattern.compile("stream create --name (\\S+) --definition \"([^\"]+)\"");
        Map<String, String> shell = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../shell/tagpulse.shell"))) {
            Matcher matcher = create.matcher(line);
            if (matcher.matches()) {
                shell.put(matcher.group(1), matcher.group(2));
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        StreamDefinition.load(Path.of("../streams")).forEach(stream -> files.put(stream.name(), stream.dsl()));

        assertThat(shell).isEqualTo(files);
    }

    @Test
    void shouldTakeTheDefinitionTheServerRebuiltForTheSameStream() {
        // What Data Flow 2.7.0 answers for the project's dashboard and hourly definitions (its
        // DefaultStreamDefinitionService.redactDsl): the properties in an order of its own, '' as \"\".
        String dashboard = ":hashtags.count > dashboard: tagpulse-dashboard"
                + " --spring.cloud.stream.bindings.trends.destination=hashtags.trends"
                + " --spring.cloud.stream.bindings.moderation.destination=hashtags.trend-moderation";
        String dashboardOnServer = ":hashtags.count > dashboard: tagpulse-dashboard"
                + " --spring.cloud.stream.bindings.moderation.destination=hashtags.trend-moderation"
                + " --spring.cloud.stream.bindings.trends.destination=hashtags.trends";
        String hourly = ":hashtags.split > hourly-count: tagpulse-counter --tagpulse.counter.window-size=1h"
                + " --tagpulse.counter.hop-size=0 --tagpulse.counter.trend.scopes='' | hourly-store: tagpulse-sink"
                + " --spring.cloud.function.definition=storeCounts";
        String hourlyOnServer = ":hashtags.split > hourly-count: tagpulse-counter"
                + " --tagpulse.counter.trend.scopes=\\\"\\\" --tagpulse.counter.window-size=1h"
                + " --tagpulse.counter.hop-size=0 | hourly-store: tagpulse-sink"
                + " --spring.cloud.function.definition=storeCounts";

        assertThat(StreamDefinition.sameStream("dashboard", dashboardOnServer, dashboard)).isTrue();
        assertThat(StreamDefinition.sameStream("hourly", hourlyOnServer, hourly)).isTrue();
        assertThat(StreamDefinition.sameStream("main", "in:  tagpulse-source |out: tagpulse-sink",
                "in: tagpulse-source | out: tagpulse-sink")).isTrue();
    }

    @Test
    void shouldTellAChangedStreamFromTheSame() {
        String hourly = ":hashtags.split > count: tagpulse-counter --a=1 --b='' | store: tagpulse-sink";

        assertThat(StreamDefinition.sameStream("s", hourly.replace("--a=1", "--a=2"), hourly)).isFalse();
        assertThat(StreamDefinition.sameStream("s", hourly.replace(" --b=''", ""), hourly)).isFalse();
        assertThat(StreamDefinition.sameStream("s", hourly.replace("--b=''", "--b=x"), hourly)).isFalse();
        assertThat(StreamDefinition.sameStream("s", hourly.replace("store:", "keep:"), hourly)).isFalse();
        assertThat(StreamDefinition.sameStream("s", hourly.replace("tagpulse-sink", "tagpulse-dashboard"), hourly))
            .isFalse();
        assertThat(StreamDefinition.sameStream("s", hourly.replace(":hashtags.split", ":hashtags.count"), hourly))
            .isFalse();
        // Properties move with their app: the same ones on another app are another stream.
        assertThat(StreamDefinition.sameStream("s", ":t > a: tagpulse-counter | b: tagpulse-sink --x=1",
                ":t > a: tagpulse-counter --x=1 | b: tagpulse-sink")).isFalse();
        // Text that does not parse is compared as text.
        assertThat(StreamDefinition.sameStream("s", "in | | out", "in | |  out")).isTrue();
        assertThat(StreamDefinition.sameStream("s", "in | | out", hourly)).isFalse();
    }

    @Test
    void shouldJoinContinuedLinesAndSkipComments() throws Exception {
        Path file = write("a.dsl", """
                # a comment
                one = in: tagpulse-source \\
                      | out: tagpulse-sink

                two = :one.in > tagpulse-sink
                """);

        assertThat(StreamDefinition.load(file)).containsExactly(
                new StreamDefinition("one", "in: tagpulse-source | out: tagpulse-sink", file + ":2"),
                new StreamDefinition("two", ":one.in > tagpulse-sink", file + ":5"));
    }

    @Test
    void shouldSayWhereADefinitionDoesNotParse() throws Exception {
        Path file = write("bad.dsl", """
                # line 1
                good = in: tagpulse-source | out: tagpulse-sink
                bad = in: tagpulse-source | | out: tagpulse-sink
                """);

        // "bad = " is 6 characters; the second '|' is at index 22 of the definition: column 6 + 22 + 1.
        assertThatThrownBy(() -> StreamDefinition.load(file)).isInstanceOf(DefinitionException.class)
            .hasMessageStartingWith(file + ":3:29: stream 'bad' does not parse:");
    }

    @Test
    void shouldRejectALineWithoutAName() throws Exception {
        Path file = write("noname.dsl", "in: tagpulse-source | out: tagpulse-sink\n");

        assertThatThrownBy(() -> StreamDefinition.load(file)).isInstanceOf(DefinitionException.class)
            .hasMessageContaining(file + ":1: expected <stream name> = <definition>");
    }

    @Test
    void shouldRejectAStreamDefinedTwice() throws Exception {
        write("a.dsl", "same = in: tagpulse-source | out: tagpulse-sink\n");
        Path second = write("b.dsl", "same = in: tagpulse-source | out: tagpulse-sink\n");

        assertThatThrownBy(() -> StreamDefinition.load(dir)).isInstanceOf(DefinitionException.class)
            .hasMessageContaining(second + ":1: stream 'same' is already defined at " + dir.resolve("a.dsl") + ":1");
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
