package io.tagpulse.benchmarks.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupRunTests {

    @Test
    void shouldReadTheSecondsFromTheLaunchersFirstCountsLine() {
        assertThat(StartupRun.firstCounts(
                "Start-up:  146.8 s  first counts in the database (http://localhost:8080/api/tags/top)"))
            .hasValue(146.8);
        assertThat(StartupRun.firstCounts("Start-up:   29.0 s  first counts in the database (x)")).hasValue(29);
        assertThat(StartupRun.firstCounts("Start-up:   21.9 s  kafka listening on 127.0.0.1:9092")).isEmpty();
        assertThat(StartupRun.firstCounts("Tagpulse is running (apps ready 110.5 s after the launcher started)."))
            .isEmpty();
        assertThat(StartupRun.firstCounts("No counts in the database after 2 minutes: check the logs.")).isEmpty();
    }
}
