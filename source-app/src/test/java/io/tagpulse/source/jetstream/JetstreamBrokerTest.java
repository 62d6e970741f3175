package io.tagpulse.source.jetstream;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * A slow Jetstream test on a real (embedded, KRaft) broker of its own: the Jetstream ITs write the same post ids,
 * which a broker shared through Spring's context cache would still hold from the test before.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
@SpringJUnitConfig
@EmbeddedKafka(partitions = 4)
@DirtiesContext
@interface JetstreamBrokerTest {
}
