package io.tagpulse.benchmarks.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupRunTests {

    @Test
    void shouldReadTheSecondsFromTheLaunchersFirstCountsLine() {
        assertThat(StartupRun.firstCounts("First counts in the database 146.8 s after the command started."))
            .hasValue(146.8);
        assertThat(StartupRun.firstCounts("First counts in the database 29 s after the command started.")).hasValue(29);
        assertThat(StartupRun.firstCounts("Tagpulse is running (apps ready 110.5 s after the launcher started)."))
            .isEmpty();
        assertThat(StartupRun.firstCounts("No counts in the database after 2 minutes: check the logs.")).isEmpty();
    }
}
