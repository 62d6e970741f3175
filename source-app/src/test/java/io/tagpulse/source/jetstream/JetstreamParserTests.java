package io.tagpulse.source.jetstream;

import java.time.Instant;

import io.tagpulse.contracts.InvalidRecordException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JetstreamParserTests {

    /** A post commit as Jetstream sends it: rich-text facets mark the hashtags. */
    static String postEvent(long timeUs, String rkey, String text, String... tags) {
        StringBuilder facets = new StringBuilder();
        for (String tag : tags) {
            if (facets.length() > 0) {
                facets.append(',');
            }
            facets.append("""
                    {"index":{"byteStart":0,"byteEnd":4},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"%s"}]}"""
                .formatted(tag));
        }
        return """
                {"did":"did:plc:abc123","time_us":%d,"kind":"commit","commit":{"rev":"3l3qo2vuowo2b","operation":"create",
                "collection":"app.bsky.feed.post","rkey":"%s","record":{"$type":"app.bsky.feed.post",
                "createdAt":"2026-11-22T10:00:00.123Z","langs":["pt"],"text":"%s","facets":[%s]},"cid":"bafyreia"}}"""
            .formatted(timeUs, rkey, text, facets);
    }

    @Test
    void shouldTurnAPostCommitIntoAPostWithFacetTags() {
        JetstreamEvent event = JetstreamParser.parse(postEvent(1732269600000001L, "3kabc", "olá #Java", "Java"))
            .orElseThrow();

        assertThat(event.cursor()).isEqualTo(1732269600000001L);
        assertThat(event.post().id()).isEqualTo("at://did:plc:abc123/app.bsky.feed.post/3kabc");
        assertThat(event.post().platform()).isEqualTo("bluesky");
        assertThat(event.post().author()).isEqualTo("did:plc:abc123");
        assertThat(event.post().language()).isEqualTo("pt");
        assertThat(event.post().text()).isEqualTo("olá #Java");
        assertThat(event.post().createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
        assertThat(event.post().hashtags()).containsExactly("Java");
        assertThat(event.post().problems()).isEmpty();
    }

    @Test
    void shouldAddTheRecordsOutlineTagsAndLeaveTextExtractionWhenThereAreNoFacets() {
        String withTags = """
                {"did":"did:plc:x","time_us":5,"kind":"commit","commit":{"operation":"create",
                "collection":"app.bsky.feed.post","rkey":"r","record":{"createdAt":"2026-11-22T10:00:00Z",
                "text":"hi","tags":["outline"]}}}""";
        String plain = """
                {"did":"did:plc:x","time_us":6,"kind":"commit","commit":{"operation":"create",
                "collection":"app.bsky.feed.post","rkey":"r2","record":{"createdAt":"2026-11-22T10:00:00","text":"#t"}}}""";

        assertThat(JetstreamParser.parse(withTags).orElseThrow().post().hashtags()).containsExactly("outline");
        JetstreamEvent noFacets = JetstreamParser.parse(plain).orElseThrow();
        assertThat(noFacets.post().hashtags()).isNull();
        assertThat(noFacets.post().createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void shouldSkipEventsThatCreateNoPost() {
        assertThat(JetstreamParser.parse("""
                {"did":"did:plc:x","time_us":7,"kind":"identity","identity":{"did":"did:plc:x","handle":"x.bsky.social"}}"""))
            .isEmpty();
        assertThat(JetstreamParser.parse("""
                {"did":"did:plc:x","time_us":8,"kind":"commit","commit":{"operation":"delete",
                "collection":"app.bsky.feed.post","rkey":"r"}}""")).isEmpty();
        assertThat(JetstreamParser.parse("""
                {"did":"did:plc:x","time_us":9,"kind":"commit","commit":{"operation":"create",
                "collection":"app.bsky.feed.like","rkey":"r","record":{"createdAt":"2026-11-22T10:00:00Z"}}}"""))
            .isEmpty();
    }

    @Test
    void shouldRejectMalformedEventsWithAReason() {
        assertThatThrownBy(() -> JetstreamParser.parse("{\"did\":")).isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("unreadable Jetstream event");
        assertThatThrownBy(() -> JetstreamParser.parse("[1,2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> JetstreamParser.parse("""
                {"did":"did:plc:x","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post",
                "rkey":"r","record":{"createdAt":"2026-11-22T10:00:00Z"}}}""")).hasMessageContaining("time_us");
        assertThatThrownBy(() -> JetstreamParser.parse("""
                {"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create",
                "collection":"app.bsky.feed.post","rkey":"r","record":{"createdAt":"yesterday"}}}"""))
            .hasMessageContaining("unreadable createdAt");
    }
}
