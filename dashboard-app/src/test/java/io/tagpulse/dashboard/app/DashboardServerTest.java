package io.tagpulse.dashboard.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * The whole app on a real server (a random port, reached with {@link io.tagpulse.web.HttpProbe}), on the test binder,
 * over the sink's tables (made by the sink's migrations) in the database and with the settings the test names: its
 * own in-memory H2 ({@code spring.datasource.url}), its token and rate limit.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestChannelBinderConfiguration.class, SinkSchemaConfiguration.class })
@interface DashboardServerTest {

    /** @return the app's settings for this test, {@code name=value} */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] value();
}
