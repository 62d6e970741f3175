package io.tagpulse.source.app;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tagpulse.source.x.XProblem;
import io.tagpulse.source.x.XStreamRules;
import io.tagpulse.source.x.XStreamStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code xStream} health component: DOWN with X's errors while configured rules are rejected or not set. */
class XStreamHealthTests {

    private final XStreamStatus status = new XStreamStatus(new SimpleMeterRegistry(), Clock.systemUTC());

    private Health health() {
        return new SourceApplication().xStream(status).health();
    }

    @Test
    void shouldBeDownWithTitleAndDetailOfEachRejectedRule() {
        status.rulesSynced(new XStreamRules.Diff(List.of(), List.of("#kafka lang:")),
                List.of(new XProblem("UnprocessableEntity", "Reference to invalid field 'lang:'", "#kafka lang:")));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("ruleErrors",
                List.of("UnprocessableEntity: Reference to invalid field 'lang:' (rule \"#kafka lang:\")"))
            .containsEntry("failure", "X rejected stream rules (check tagpulse.source.x.rules)");
    }

    @Test
    void shouldBeDownWhileTheRulesCouldNotBeSet() {
        status.rulesFailed("could not set the X stream rules: X answered HTTP 503");

        assertThat(health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health().getDetails()).containsEntry("failure",
                "could not set the X stream rules: X answered HTTP 503");
    }

    @Test
    void shouldBeUpWithADuplicateRuleAndShowTheLastStreamNotice() {
        status.rulesSynced(new XStreamRules.Diff(List.of(), List.of("#java")),
                List.of(new XProblem("DuplicateRule", null, "#java")));
        status.streamErrors(List.of(new XProblem("operational-disconnect", "upstream", null)));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("ruleErrors", List.of("DuplicateRule (rule \"#java\")"))
            .containsEntry("streamErrors", 1L)
            .containsEntry("lastStreamError", "operational-disconnect: upstream")
            .doesNotContainKey("failure");
    }
}
