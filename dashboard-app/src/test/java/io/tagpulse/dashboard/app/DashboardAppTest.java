package io.tagpulse.dashboard.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The whole app on the test binder and an in-memory H2 holding the sink's tables (made by the sink's migrations,
 * filled by the tests through {@link io.tagpulse.dashboard.SinkTables}). Every test class with this annotation shares
 * one application context (and database): tests keep apart by tag and time range. The API's rate limit is off (the
 * tests make many calls from one address; {@code DashboardHttpHardeningTests} checks the limit).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:dashboard-app-tests;DB_CLOSE_DELAY=-1",
        "tagpulse.dashboard.api.rate-limit.requests-per-second=0" })
@AutoConfigureMockMvc
@Import({ TestChannelBinderConfiguration.class, SinkSchemaConfiguration.class })
@interface DashboardAppTest {
}
