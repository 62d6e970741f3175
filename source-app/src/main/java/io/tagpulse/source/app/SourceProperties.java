package io.tagpulse.source.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Settings of the source. The HTTP endpoint is always on; {@code mode} adds a feed of its own. */
@ConfigurationProperties("tagpulse.source")
@Validated
public class SourceProperties {

    /** What feeds the pipeline besides the HTTP endpoint: http (nothing else), replay (an NDJSON file) or generator. */
    @NotNull
    private Mode mode = Mode.HTTP;

    /** How long to wait for Kafka to acknowledge posts before answering an HTTP request with an error. */
    @NotNull
    private Duration ackTimeout = Duration.ofSeconds(30);

    /** The largest HTTP request body accepted; larger ones get 413 before they are read whole. */
    @NotNull
    private DataSize maxRequestSize = DataSize.ofMegabytes(10);

    /**
     * The largest single post accepted (its JSON line); larger ones get 413 (max-request-size still bounds the whole
     * request). Keep it below the producer's max.request.size and the topic's max.message.bytes (1 MB by default),
     * or Kafka refuses what passes here.
     */
    @NotNull
    private DataSize maxPostSize = DataSize.ofKilobytes(256);

    /** Bearer token that POST /posts requires in an Authorization header; empty leaves the endpoint open. */
    private String token;

    @Valid
    private final RateLimit rateLimit = new RateLimit();

    /** The most posts one HTTP request may carry. */
    @Min(1)
    @Max(1_000_000)
    private int maxBatchPosts = 10_000;

    @Valid
    private final Generator generator = new Generator();

    @Valid
    private final Replay replay = new Replay();

    @Valid
    private final Jetstream jetstream = new Jetstream();

    @Valid
    private final Mastodon mastodon = new Mastodon();

    @Valid
    private final XStream x = new XStream();

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

    /** How many requests to POST /posts each client (remote address) may make. */
    public static class RateLimit {

        /** Requests per second each client may make on average; 0 turns the limit off. */
        @DecimalMin("0")
        private double requestsPerSecond = 50;

        /** Requests a client may make at once before the average applies. */
        @Min(1)
        private int burst = 100;

        /** Clients tracked at once; beyond that, new clients share one limit until idle ones are forgotten. */
        @Min(1)
        private int maxClients = 10_000;

        public double getRequestsPerSecond() {
            return requestsPerSecond;
        }

        public void setRequestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
        }

        public int getBurst() {
            return burst;
        }

        public void setBurst(int burst) {
            this.burst = burst;
        }

        public int getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }
    }

    /** Cross-field rule: replay needs a file. */
    @AssertTrue(message = "tagpulse.source.replay.file must be set when tagpulse.source.mode is replay")
    public boolean isReplayFileSetWhenReplaying() {
        return mode != Mode.REPLAY || (replay.file != null && !replay.file.isBlank());
    }

    public static class Generator {

        /** Posts per second to generate; 0 generates as fast as Kafka takes them. */
        @DecimalMin("0")
        private double rate = 200;

        /** How many distinct hashtags the generator draws from. */
        @Min(1)
        @Max(10_000_000)
        private int vocabulary = 500;

        /** Skew of hashtag popularity (Zipf exponent): 0 is uniform, 1 is classic Zipf, higher is more skewed. */
        @DecimalMin("0")
        @DecimalMax("10")
        private double zipfExponent = 1.1;

        /** Languages of generated posts, spread evenly. */
        @NotEmpty
        private List<String> languages = new ArrayList<>(List.of("en", "es", "pt", "ja", "de", "fr"));

        /** Each generated post carries between 1 and this many hashtags. */
        @Min(1)
        @Max(100)
        private int maxTagsPerPost = 4;

        /** Seed of the random generator, for reproducible runs; 0 picks a new seed each start. */
        private long seed = 0;

        /** The hashtag that surges periodically, so that a trend appears; empty disables bursts. */
        private String burstTag = "breaking";

        /** Time from start to the first burst. */
        @NotNull
        private Duration burstStartAfter = Duration.ofSeconds(30);

        /** How long each burst lasts. */
        @NotNull
        private Duration burstDuration = Duration.ofSeconds(20);

        /** Time from the start of one burst to the start of the next. */
        @NotNull
        private Duration burstEvery = Duration.ofMinutes(2);

        /** Share of posts (0 to 1) that carry the burst tag during a burst. */
        @DecimalMin("0")
        @DecimalMax("1")
        private double burstShare = 0.3;

        public double getRate() {
            return rate;
        }

        public void setRate(double rate) {
            this.rate = rate;
        }

        public int getVocabulary() {
            return vocabulary;
        }

        public void setVocabulary(int vocabulary) {
            this.vocabulary = vocabulary;
        }

        public double getZipfExponent() {
            return zipfExponent;
        }

        public void setZipfExponent(double zipfExponent) {
            this.zipfExponent = zipfExponent;
        }

        public List<String> getLanguages() {
            return languages;
        }

        public void setLanguages(List<String> languages) {
            this.languages = languages;
        }

        public int getMaxTagsPerPost() {
            return maxTagsPerPost;
        }

        public void setMaxTagsPerPost(int maxTagsPerPost) {
            this.maxTagsPerPost = maxTagsPerPost;
        }

        public long getSeed() {
            return seed;
        }

        public void setSeed(long seed) {
            this.seed = seed;
        }

        public String getBurstTag() {
            return burstTag;
        }

        public void setBurstTag(String burstTag) {
            this.burstTag = burstTag;
        }

        public Duration getBurstStartAfter() {
            return burstStartAfter;
        }

        public void setBurstStartAfter(Duration burstStartAfter) {
            this.burstStartAfter = burstStartAfter;
        }

        public Duration getBurstDuration() {
            return burstDuration;
        }

        public void setBurstDuration(Duration burstDuration) {
            this.burstDuration = burstDuration;
        }

        public Duration getBurstEvery() {
            return burstEvery;
        }

        public void setBurstEvery(Duration burstEvery) {
            this.burstEvery = burstEvery;
        }

        public double getBurstShare() {
            return burstShare;
        }

        public void setBurstShare(double burstShare) {
            this.burstShare = burstShare;
        }
    }

    /** How a live connector keeps its connection: the same for every platform. */
    public abstract static class LiveConnection {

        /** A connection silent this long, heartbeats and keep-alives included, is considered dead and replaced. */
        @NotNull
        private Duration idleTimeout = Duration.ofSeconds(60);

        /** First reconnect delay; it doubles on each failed attempt, with jitter, up to backoff-max. */
        @NotNull
        private Duration backoffInitial = Duration.ofSeconds(1);

        /** Longest reconnect delay. */
        @NotNull
        private Duration backoffMax = Duration.ofMinutes(5);

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getBackoffInitial() {
            return backoffInitial;
        }

        public void setBackoffInitial(Duration backoffInitial) {
            this.backoffInitial = backoffInitial;
        }

        public Duration getBackoffMax() {
            return backoffMax;
        }

        public void setBackoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
        }
    }

    public static class XStream extends LiveConnection {

        /** The X API's base URL. */
        @NotNull
        private java.net.URI baseUrl = java.net.URI.create("https://api.x.com");

        /** App-only bearer token of a project with filtered-stream access. */
        private String bearerToken;

        /** The stream's rules (X's rule syntax, e.g. "#java lang:en"); X's rules are made equal to these at start. */
        private List<String> rules = new ArrayList<>();


        public java.net.URI getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(java.net.URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getBearerToken() {
            return bearerToken;
        }

        public void setBearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
        }

        public List<String> getRules() {
            return rules;
        }

        public void setRules(List<String> rules) {
            this.rules = rules;
        }

    }

    public static class Mastodon extends LiveConnection {

        /** The instance to stream from, e.g. https://mastodon.social. */
        @NotNull
        private java.net.URI instance = java.net.URI.create("https://mastodon.social");

        /** Which timeline: public (federated), local (the instance's own users) or hashtag. */
        @NotNull
        private io.tagpulse.source.mastodon.MastodonStream.Timeline timeline =
                io.tagpulse.source.mastodon.MastodonStream.Timeline.PUBLIC;

        /** The hashtag to follow when the timeline is hashtag. */
        private String hashtag;

        /** Access token (read:statuses scope); some instances need one even for public timelines. */
        private String accessToken;


        public java.net.URI getInstance() {
            return instance;
        }

        public void setInstance(java.net.URI instance) {
            this.instance = instance;
        }

        public io.tagpulse.source.mastodon.MastodonStream.Timeline getTimeline() {
            return timeline;
        }

        public void setTimeline(io.tagpulse.source.mastodon.MastodonStream.Timeline timeline) {
            this.timeline = timeline;
        }

        public String getHashtag() {
            return hashtag;
        }

        public void setHashtag(String hashtag) {
            this.hashtag = hashtag;
        }

        public String getAccessToken() {
            return accessToken;
        }

        public void setAccessToken(String accessToken) {
            this.accessToken = accessToken;
        }

    }

    public static class Jetstream extends LiveConnection {

        /** The Jetstream subscribe endpoint (no credentials needed). */
        @NotNull
        private java.net.URI url = java.net.URI.create("wss://jetstream2.us-east.bsky.network/subscribe");

        /** File that keeps the cursor of the last post Kafka acknowledged, to resume from after a restart. */
        @NotEmpty
        private String cursorFile = "tagpulse-data/jetstream.cursor";


        public java.net.URI getUrl() {
            return url;
        }

        public void setUrl(java.net.URI url) {
            this.url = url;
        }

        public String getCursorFile() {
            return cursorFile;
        }

        public void setCursorFile(String cursorFile) {
            this.cursorFile = cursorFile;
        }

    }

    public static class Replay {

        /** Path of the NDJSON file to replay, one post per line. */
        private String file;

        /** Posts per second to replay; 0 replays as fast as Kafka takes them. */
        @DecimalMin("0")
        private double rate = 100;

        /** Whether to start the file again at its end. */
        private boolean loop = false;

        /** Whether to shift event times so that the file plays as if it were happening now (else keep them). */
        private boolean shiftToNow = true;

        public String getFile() {
            return file;
        }

        public void setFile(String file) {
            this.file = file;
        }

        public double getRate() {
            return rate;
        }

        public void setRate(double rate) {
            this.rate = rate;
        }

        public boolean isLoop() {
            return loop;
        }

        public void setLoop(boolean loop) {
            this.loop = loop;
        }

        public boolean isShiftToNow() {
            return shiftToNow;
        }

        public void setShiftToNow(boolean shiftToNow) {
            this.shiftToNow = shiftToNow;
        }
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

    public RateLimit getRateLimit() {
        return rateLimit;
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

    public XStream getX() {
        return x;
    }

    /** Cross-field rule: the X stream needs a token. */
    @AssertTrue(message = "tagpulse.source.x.bearer-token must be set when tagpulse.source.mode is x")
    public boolean isXTokenSetWhenStreamingFromX() {
        return mode != Mode.X || (x.bearerToken != null && !x.bearerToken.isBlank());
    }

    public Mastodon getMastodon() {
        return mastodon;
    }

    /** Cross-field rule: the hashtag timeline needs a hashtag. */
    @AssertTrue(message = "tagpulse.source.mastodon.hashtag must be set when tagpulse.source.mastodon.timeline is hashtag")
    public boolean isMastodonHashtagSetWhenFollowingOne() {
        return mastodon.timeline != io.tagpulse.source.mastodon.MastodonStream.Timeline.HASHTAG
                || (mastodon.hashtag != null && !mastodon.hashtag.isBlank());
    }

    public Jetstream getJetstream() {
        return jetstream;
    }

    public Generator getGenerator() {
        return generator;
    }

    public Replay getReplay() {
        return replay;
    }
}
