package io.tagpulse.sink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.tagpulse.contracts.TrendUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendAlertMessageTests {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private final TrendUpdate trend = Trends.started("kafka", T0);

    @Test
    void shouldAnnounceTheTrendWithALinkToTheDashboard() {
        String body = new String(TrendAlertMessage.body(trend, "https://tagpulse.example/"), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"trendId\":\"global|kafka|1796515200000\",\"scope\":\"global\",\"tag\":\"kafka\","
                + "\"status\":\"RISING\",\"startedAt\":\"2026-12-06T00:00:00Z\",\"mentions\":40,\"authors\":21,"
                + "\"score\":4.5,\"url\":\"https://tagpulse.example/?trend=global%7Ckafka%7C1796515200000\"}");
    }

    @Test
    void shouldLeaveTheLinkOutWithoutADashboardUrl() {
        assertThat(new String(TrendAlertMessage.body(trend, ""), StandardCharsets.UTF_8)).doesNotContain("\"url\"");
        assertThat(new String(TrendAlertMessage.body(trend, "https://x.example/app?lang=en"), StandardCharsets.UTF_8))
            .contains("\"url\":\"https://x.example/app?lang=en&trend=global%7Ckafka%7C1796515200000\"");
    }

    @Test
    void shouldSignTheBodyWithHmacSha256() {
        // RFC 4231, test case 2.
        assertThat(TrendAlertMessage.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
