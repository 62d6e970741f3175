package io.tagpulse.counter.trend;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthorSketchTests {

    @Test
    void fewAuthorsAreCountedExactlyAndRepeatsOnce() {
        AuthorSketch sketch = new AuthorSketch();
        for (int i = 0; i < 500; i++) {
            sketch.add("spammer");
        }
        for (int i = 0; i < 40; i++) {
            sketch.add("author-" + i);
        }
        assertThat(sketch.estimate()).isEqualTo(41);
    }

    @Test
    void manyAuthorsAreCountedWithinAFewPercentInBoundedSpace() {
        AuthorSketch sketch = new AuthorSketch();
        for (int i = 0; i < 200_000; i++) {
            sketch.add("author-" + i);
        }
        assertThat((double) sketch.estimate()).isCloseTo(200_000, within(200_000 * 0.05));
        assertThat(sketch.toBytes().length).isLessThan(1_100);
    }

    @Test
    void sketchesMergeIntoTheirUnionAndSurviveSerialization() {
        AuthorSketch first = new AuthorSketch();
        AuthorSketch second = new AuthorSketch();
        for (int i = 0; i < 30; i++) {
            first.add("a" + i);
            second.add("a" + (i + 20));
        }
        AuthorSketch merged = AuthorSketch.fromBytes(first.toBytes());
        merged.addAll(AuthorSketch.fromBytes(second.toBytes()));

        assertThat(merged.estimate()).isEqualTo(50);
        assertThat(first.estimate()).as("the merged-from sketch is unchanged").isEqualTo(30);
    }

    @Test
    void postsWithoutAnAuthorAreOneAnonymousAuthorPerPlatform() {
        AuthorSketch sketch = new AuthorSketch();
        for (int i = 0; i < 100; i++) {
            sketch.add(AuthorSketch.keyOf(null, "x"));
            sketch.add(AuthorSketch.keyOf(" ", "mastodon"));
        }
        sketch.add(AuthorSketch.keyOf("alice", "x"));

        assertThat(sketch.estimate()).isEqualTo(3);
        assertThat(AuthorSketch.keyOf(null, "x")).isNotEqualTo(AuthorSketch.keyOf("anonymous@x", "x"));
    }

    @Test
    void encodingFollowsEveryChangeOfTheSketch() {
        AuthorSketch sketch = new AuthorSketch();
        assertThat(sketch.isEmpty()).isTrue();
        sketch.add("a1");
        assertThat(AuthorSketch.fromBytes(sketch.toBytes()).estimate()).isEqualTo(1);

        sketch.add("a2");
        assertThat(AuthorSketch.fromBytes(sketch.toBytes()).estimate()).as("encoded after an add").isEqualTo(2);
        AuthorSketch other = new AuthorSketch();
        other.add("a3");
        sketch.addAll(other);
        assertThat(AuthorSketch.fromBytes(sketch.toBytes()).estimate()).as("encoded after a merge").isEqualTo(3);
        sketch.addAll(new AuthorSketch());
        sketch.add("");
        assertThat(sketch.isEmpty()).isFalse();
        assertThat(AuthorSketch.fromBytes(sketch.toBytes()).estimate()).isEqualTo(3);
        assertThat(AuthorSketch.fromBytes(new AuthorSketch().toBytes()).isEmpty()).isTrue();
    }
}
