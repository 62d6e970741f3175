package io.tagpulse.dashboard.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModerationAccessTests {

    @ParameterizedTest
    @CsvSource(textBlock = """
            127.0.0.1,          true
            127.1.2.3,          true
            ::1,                true
            0:0:0:0:0:0:0:1,    true
            [::1],              true
            ::ffff:127.0.0.1,   true
            10.0.0.1,           false
            203.0.113.7,        false
            ::ffff:10.0.0.1,    false
            fe80::1,            false
            localhost,          false
            128.0.0.1,          false
            ,                   false
            """)
    void shouldTellLoopbackAddressesFromOthers(String address, boolean loopback) {
        assertThat(ModerationAccess.isLoopback(address)).as(address).isEqualTo(loopback);
    }
}
