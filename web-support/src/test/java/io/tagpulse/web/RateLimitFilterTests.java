package io.tagpulse.web;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTests {

    @Test
    void shouldAnswer429WithRetryAfterOnceAClientSpendsItsBurstAndCountIt() throws Exception {
        AtomicInteger limited = new AtomicInteger();
        long[] now = { 0 };
        RateLimitFilter filter = new RateLimitFilter(new RateLimiter(0.5, 2, 10, () -> now[0]), "tagpulse.test.rate",
                PathRule.under("/api/"), limited::incrementAndGet);

        assertThat(send(filter, "/api/tags").getStatus()).isEqualTo(200);
        assertThat(send(filter, "/api/tags").getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = send(filter, "/api/tags");

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getContentAsString()).contains("tagpulse.test.rate");
        assertThat(limited).hasValue(1);
        assertThat(send(filter, "/index.html").getStatus()).as("unguarded path").isEqualTo(200);
        now[0] += 2_000_000_000L;
        assertThat(send(filter, "/api/tags").getStatus()).as("refilled").isEqualTo(200);
    }

    private static MockHttpServletResponse send(RateLimitFilter filter, String path) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(TokenAuthFilterTests.request(path, null), response, new MockFilterChain());
        return response;
    }
}
