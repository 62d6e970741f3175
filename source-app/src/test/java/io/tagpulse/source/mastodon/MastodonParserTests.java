package io.tagpulse.source.mastodon;

import java.time.Instant;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.Post;
import io.tagpulse.source.connector.ServerSentEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MastodonParserTests {

    /** A status as the Mastodon API documents it (trimmed to the fields that matter and a few that do not). */
    static String status(String id, String content, String... tags) {
        StringBuilder tagJson = new StringBuilder();
        for (String tag : tags) {
            tagJson.append(tagJson.length() == 0 ? "" : ",")
                .append("{\"name\":\"%s\",\"url\":\"https://mastodon.example/tags/%s\"}".formatted(tag, tag));
        }
        return """
                {"id":"%s","created_at":"2026-11-22T10:00:00.000Z","in_reply_to_id":null,"sensitive":false,
                "visibility":"public","language":"de","uri":"https://mastodon.example/users/anna/statuses/%s",
                "url":"https://mastodon.example/@anna/%s","replies_count":0,"reblogs_count":1,"favourites_count":2,
                "content":"%s","reblog":null,"account":{"id":"1","username":"anna","acct":"anna@mastodon.example"},
                "media_attachments":[],"mentions":[],"tags":[%s],"emojis":[]}"""
            .formatted(id, id, id, content, tagJson);
    }

    @Test
    void shouldTurnAStatusIntoAPost() {
        Post post = MastodonParser.parse(status("110", "<p>Hallo <a href=\\\"https://mastodon.example/tags/Kafka\\\" "
                + "class=\\\"mention hashtag\\\">#<span>Kafka</span></a> &amp; mehr</p><p>Zeile 2</p>", "kafka"));

        assertThat(post.id()).isEqualTo("https://mastodon.example/users/anna/statuses/110");
        assertThat(post.platform()).isEqualTo("mastodon");
        assertThat(post.author()).isEqualTo("anna@mastodon.example");
        assertThat(post.language()).isEqualTo("de");
        assertThat(post.text()).isEqualTo("Hallo #Kafka & mehr\nZeile 2");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(post.hashtags()).containsExactly("kafka");
        assertThat(post.repostOf()).isNull();
    }

    @Test
    void shouldMarkABoostAsARepostOfTheBoostedStatus() {
        String boost = status("111", "").replace("\"reblog\":null", "\"reblog\":" + status("42", "orig", "a"));

        assertThat(MastodonParser.parse(boost).repostOf())
            .isEqualTo("https://mastodon.example/users/anna/statuses/42");
    }

    @Test
    void shouldRejectMalformedStatuses() {
        assertThatThrownBy(() -> MastodonParser.parse("{oops")).isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> MastodonParser.parse("{\"id\":\"1\"}")).hasMessageContaining("uri");
    }

    @Test
    void shouldDecodeCharacterReferencesAndDropTags() {
        assertThat(Html.toText("<p>a&lt;b&gt;&quot;c&quot; &#127881; &#x1F600;<br>d&unknown;</p>"))
            .isEqualTo("a<b>\"c\" 🎉 😀\nd&unknown;");
    }

    @Test
    void shouldAssembleServerSentEvents() {
        ServerSentEvents events = new ServerSentEvents();

        assertThat(events.accept(":thump")).isEmpty();
        assertThat(events.accept("event: update")).isEmpty();
        assertThat(events.accept("data: {\"a\":")).isEmpty();
        assertThat(events.accept("data: 1}")).isEmpty();
        assertThat(events.accept("")).contains(new ServerSentEvents.Event("update", "{\"a\":\n1}"));
        assertThat(events.accept("")).isEmpty();
        assertThat(events.accept("data:x")).isEmpty();
        assertThat(events.accept("")).contains(new ServerSentEvents.Event("message", "x"));
    }
}
