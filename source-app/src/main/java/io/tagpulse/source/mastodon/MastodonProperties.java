package io.tagpulse.source.mastodon;

import java.net.URI;

import io.tagpulse.source.connector.ConnectionProperties;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Settings of the Mastodon source ({@code tagpulse.source.mastodon.*}). */
public class MastodonProperties extends ConnectionProperties {

    /** Which timeline to follow. */
    public enum Timeline {
        /** Every public status the instance knows (federated). */
        PUBLIC,
        /** Public statuses of the instance's own users. */
        LOCAL,
        /** Public statuses with one hashtag. */
        HASHTAG
    }

    /** The instance to stream from, e.g. https://mastodon.social. */
    @NotNull
    private URI instance = URI.create("https://mastodon.social");

    /** Which timeline: public (federated), local (the instance's own users) or hashtag. */
    @NotNull
    private Timeline timeline = Timeline.PUBLIC;

    /** The hashtag to follow when the timeline is hashtag. */
    private String hashtag;

    /** Access token (read:statuses scope); some instances need one even for public timelines. */
    private String accessToken;

    /** Key of the last acknowledged status id in the positions topic; empty = mastodon, or mastodon@<stream>. */
    private String positionKey;

    /** Most REST timeline pages (40 statuses each) fetched after a reconnect to cover the gap; 0 turns backfill off. */
    @Min(0)
    @Max(1000)
    private int backfillMaxPages = 25;

    /** Most redirects (301, 302, 303, 307, 308) followed for one stream or REST request (e.g. an instance moved). */
    @Min(0)
    @Max(20)
    private int maxRedirects = 5;

    /** Cross-field rule: the hashtag timeline needs a hashtag. */
    @AssertTrue(message = "tagpulse.source.mastodon.hashtag must be set when tagpulse.source.mastodon.timeline is hashtag")
    public boolean isHashtagSetWhenFollowingOne() {
        return timeline != Timeline.HASHTAG || (hashtag != null && !hashtag.isBlank());
    }

    public URI getInstance() {
        return instance;
    }

    public void setInstance(URI instance) {
        this.instance = instance;
    }

    public Timeline getTimeline() {
        return timeline;
    }

    public void setTimeline(Timeline timeline) {
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

    public String getPositionKey() {
        return positionKey;
    }

    public void setPositionKey(String positionKey) {
        this.positionKey = positionKey;
    }

    public int getBackfillMaxPages() {
        return backfillMaxPages;
    }

    public void setBackfillMaxPages(int backfillMaxPages) {
        this.backfillMaxPages = backfillMaxPages;
    }

    public int getMaxRedirects() {
        return maxRedirects;
    }

    public void setMaxRedirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }
}
