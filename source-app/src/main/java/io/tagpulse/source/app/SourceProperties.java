package io.tagpulse.source.app;

import java.time.Duration;

import io.tagpulse.contracts.Topics;
import io.tagpulse.source.generator.GeneratorProperties;
import io.tagpulse.web.RateLimitProperties;
import io.tagpulse.source.jetstream.JetstreamProperties;
import io.tagpulse.source.mastodon.MastodonProperties;
import io.tagpulse.source.replay.ReplayProperties;
import io.tagpulse.source.x.XProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the source: the HTTP endpoint's at the top level (it is on in every mode), and each source's own
 * settings nested under its name, in a plain class of its package.
 *
 * @param mode The feed besides the HTTP endpoint: http (none), replay, generator, jetstream, mastodon or x.
 * @param ackTimeout How long to wait for Kafka to acknowledge posts before answering an HTTP request with an error.
 * @param maxRequestSize The largest HTTP request body accepted; larger ones get 413 before they are read whole.
 * @param maxPostSize The largest single post (its JSON line), else 413; keep it below Kafka's record limit (1 MB by
 *     default).
 * @param token Bearer token that POST /posts requires in an Authorization header; empty leaves the endpoint open.
 * @param maxBatchPosts The most posts one HTTP request may carry.
 * @param positionsTopic Compacted topic where live sources keep their position (Jetstream's cursor, Mastodon's last
 *     status id), keyed by each source's key.
 * @param leadership The election of the one replica that reads a live source.
 * @param rateLimit The HTTP endpoint's rate limit per client.
 * @param generator The synthetic post generator.
 * @param replay The NDJSON replay.
 * @param jetstream The Bluesky Jetstream source.
 * @param mastodon The Mastodon source.
 * @param x The X filtered-stream source.
 */
@ConfigurationProperties("tagpulse.source")
@Validated
public record SourceProperties(
        @DefaultValue("http") @NotNull Mode mode,
        @DefaultValue("30s") @NotNull Duration ackTimeout,
        @DefaultValue("10MB") @NotNull DataSize maxRequestSize,
        @DefaultValue("256KB") @NotNull DataSize maxPostSize,
        String token,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxBatchPosts,
        @DefaultValue(Topics.SOURCE_POSITIONS) @NotBlank String positionsTopic,
        @DefaultValue @Valid @NestedConfigurationProperty Leadership leadership,
        @DefaultValue @Valid @NestedConfigurationProperty RateLimitProperties rateLimit,
        @DefaultValue @Valid @NestedConfigurationProperty GeneratorProperties generator,
        @DefaultValue @Valid @NestedConfigurationProperty ReplayProperties replay,
        @DefaultValue @Valid @NestedConfigurationProperty JetstreamProperties jetstream,
        @DefaultValue @Valid @NestedConfigurationProperty MastodonProperties mastodon,
        @DefaultValue @Valid @NestedConfigurationProperty XProperties x) {

    /** The source {@code mode} adds to the HTTP endpoint. */
    public enum Mode {
        /** Only the HTTP endpoint. */
        HTTP,
        /** Replay an NDJSON file of posts. */
        REPLAY,
        /** Generate synthetic posts. */
        GENERATOR,
        /** Stream live Bluesky posts from a Jetstream server. */
        JETSTREAM,
        /** Stream live statuses from a Mastodon instance's streaming API. */
        MASTODON,
        /** Stream posts matching configured rules from the X API v2 filtered stream. */
        X
    }

    /**
     * How the replicas of a live source (jetstream, mastodon, x) elect the one that reads it; the others stand by.
     *
     * @param enabled Whether the replicas of a live source elect one reader (the others stand by); http, replay and
     *     generator are never elected.
     * @param topic One-partition topic on which each live source's replicas form a consumer group to elect its reader.
     * @param group Consumer group of this source's replicas; empty = tagpulse-source-leader.<source id> (its position
     *     key).
     * @param sessionTimeout How long after a leader's last heartbeat (a kill -9, a lost node) a standby takes over; at
     *     least the broker's group.min.session.timeout.ms (6s by default).
     */
    public record Leadership(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(Topics.SOURCE_LEADERS) @NotBlank String topic,
            String group,
            @DefaultValue("6s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5) Duration sessionTimeout) {
    }

    /** @return whether this source's replicas elect the one that reads it: a live source, with leadership on */
    public boolean electsReader() {
        return leadership.enabled() && (mode == Mode.JETSTREAM || mode == Mode.MASTODON || mode == Mode.X);
    }

    /** Cross-field rule: replay needs a file. */
    @AssertTrue(message = "tagpulse.source.replay.file must be set when tagpulse.source.mode is replay")
    public boolean isReplayFileSetWhenReplaying() {
        return mode != Mode.REPLAY || (replay.getFile() != null && !replay.getFile().isBlank());
    }

    /** Cross-field rule: the X stream needs a token. */
    @AssertTrue(message = "tagpulse.source.x.bearer-token must be set when tagpulse.source.mode is x")
    public boolean isXTokenSetWhenStreamingFromX() {
        return mode != Mode.X || (x.getBearerToken() != null && !x.getBearerToken().isBlank());
    }
}
