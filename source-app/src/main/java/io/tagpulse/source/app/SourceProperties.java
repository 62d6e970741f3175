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
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the source: the HTTP endpoint's at the top level (it is on in every mode), and each source's own
 * settings nested under its name, in a plain class of its package.
 */
@ConfigurationProperties("tagpulse.source")
@Validated
public class SourceProperties {

    /** The feed besides the HTTP endpoint: http (none), replay, generator, jetstream, mastodon or x. */
    @NotNull
    private Mode mode = Mode.HTTP;

    /** How long to wait for Kafka to acknowledge posts before answering an HTTP request with an error. */
    @NotNull
    private Duration ackTimeout = Duration.ofSeconds(30);

    /** The largest HTTP request body accepted; larger ones get 413 before they are read whole. */
    @NotNull
    private DataSize maxRequestSize = DataSize.ofMegabytes(10);

    /** The largest single post (its JSON line), else 413; keep it below Kafka's record limit (1 MB by default). */
    @NotNull
    private DataSize maxPostSize = DataSize.ofKilobytes(256);

    /** Bearer token that POST /posts requires in an Authorization header; empty leaves the endpoint open. */
    private String token;

    /** The most posts one HTTP request may carry. */
    @Min(1)
    @Max(1_000_000)
    private int maxBatchPosts = 10_000;

    /** Compacted topic where live sources keep their position (Jetstream's cursor), keyed by each source's key. */
    @NotBlank
    private String positionsTopic = Topics.SOURCE_POSITIONS;

    @Valid
    @NestedConfigurationProperty
    private final RateLimitProperties rateLimit = new RateLimitProperties();

    @Valid
    @NestedConfigurationProperty
    private final GeneratorProperties generator = new GeneratorProperties();

    @Valid
    @NestedConfigurationProperty
    private final ReplayProperties replay = new ReplayProperties();

    @Valid
    @NestedConfigurationProperty
    private final JetstreamProperties jetstream = new JetstreamProperties();

    @Valid
    @NestedConfigurationProperty
    private final MastodonProperties mastodon = new MastodonProperties();

    @Valid
    @NestedConfigurationProperty
    private final XProperties x = new XProperties();

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

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public DataSize getMaxPostSize() {
        return maxPostSize;
    }

    public void setMaxPostSize(DataSize maxPostSize) {
        this.maxPostSize = maxPostSize;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public int getMaxBatchPosts() {
        return maxBatchPosts;
    }

    public void setMaxBatchPosts(int maxBatchPosts) {
        this.maxBatchPosts = maxBatchPosts;
    }

    public String getPositionsTopic() {
        return positionsTopic;
    }

    public void setPositionsTopic(String positionsTopic) {
        this.positionsTopic = positionsTopic;
    }

    public RateLimitProperties getRateLimit() {
        return rateLimit;
    }

    public GeneratorProperties getGenerator() {
        return generator;
    }

    public ReplayProperties getReplay() {
        return replay;
    }

    public JetstreamProperties getJetstream() {
        return jetstream;
    }

    public MastodonProperties getMastodon() {
        return mastodon;
    }

    public XProperties getX() {
        return x;
    }
}
