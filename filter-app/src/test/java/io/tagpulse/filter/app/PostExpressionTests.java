package io.tagpulse.filter.app;

import java.time.Instant;
import java.util.List;

import io.tagpulse.contracts.Post;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostExpressionTests {

    private static final Post POST = new Post("p1", "mastodon", "ann", "en", "short #text", Instant.EPOCH,
            List.of("text"));

    @Test
    void shouldEvaluateAgainstThePostsFields() {
        assertThat(PostExpression.parse("language == 'en' and text.length() < 280").test(POST)).isTrue();
        assertThat(PostExpression.parse("platform != 'mastodon'").test(POST)).isFalse();
        assertThat(PostExpression.parse("hashtags.size() == 1 and author matches 'a.*'").test(POST)).isTrue();
    }

    @Test
    void shouldRejectUnparseableExpressionNamingTheProperty() {
        assertThatThrownBy(() -> PostExpression.parse("language == "))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("tagpulse.filter.expression 'language == ' is not a valid SpEL expression");
    }

    @Test
    void shouldFailWithReasonWhenTheExpressionFailsOnAPost() {
        Post anonymous = new Post("p2", "x", null, "en", "t", Instant.EPOCH, null);

        assertThatThrownBy(() -> PostExpression.parse("author.length() > 3").test(anonymous))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("failed on post p2");
        assertThatThrownBy(() -> PostExpression.parse("text").test(POST))
            .hasMessageContaining("not true or false");
    }

    @Test
    void shouldNotLetAnExpressionReachTypesOrBeans() {
        assertThatThrownBy(() -> PostExpression.parse("T(java.lang.Runtime).getRuntime().exec('true') != null")
            .test(POST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostExpression.parse("new java.io.File('/tmp/x').exists()").test(POST))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
