package io.tagpulse.source.app;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tagpulse.contracts.Post;
import io.tagpulse.source.PostSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source with the broker out of reach, as Kafka's producer reports it: every send refused at once after
 * {@code max.block.ms}. A batch stops at its first refused post (each further one would block as long again) and the
 * client is told, in a 503, that the broker could not be reached and that it may resend.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestChannelBinderConfiguration.class, SourceBrokerDownTests.RefusingPostSink.class })
@Timeout(60)
class SourceBrokerDownTests {

    @Autowired
    private Environment environment;

    @Autowired
    private AtomicInteger sends;

    @Test
    void shouldAnswer503AtTheFirstRefusedPostOfABatch() throws Exception {
        String batch = IntStream.range(0, 100)
            .mapToObj(i -> SourceHttpHardeningTests.VALID.replace("\"ok\"", "\"p" + i + "\""))
            .collect(Collectors.joining("\n"));

        var response = SourceHttpHardeningTests.send(environment, "POST", "/posts", PostController.NDJSON,
                batch.getBytes(StandardCharsets.UTF_8), null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
            .contains("Kafka did not acknowledge every post: the broker could not be reached in time (Topic "
                    + "tagpulse.posts not present in metadata after 3000 ms.)")
            .contains("resend the request", "\"acknowledged\":0", "\"posts\":100");
        assertThat(sends).hasValue(1);
    }

    /** Refuses every post at once, as the Kafka producer does when it has no broker within max.block.ms. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RefusingPostSink {

        @Bean
        AtomicInteger sends() {
            return new AtomicInteger();
        }

        @Bean
        @Primary
        PostSink refusingPostSink(AtomicInteger sends) {
            return (Post post) -> {
                sends.incrementAndGet();
                // As the binder reports it: Spring's "Send failed" around what Kafka said.
                return CompletableFuture.failedFuture(new KafkaProducerException(
                        new ProducerRecord<>("tagpulse.posts", post.id(), "{}"), "Send failed",
                        new TimeoutException("Topic tagpulse.posts not present in metadata after 3000 ms.")));
            };
        }
    }
}
