package io.tagpulse.source.mastodon;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tagpulse.source.connector.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedirectsTests {

    private static final Transport.Request REQUEST = new Transport.Request(
            URI.create("https://old.example/api/v1/streaming/public"),
            Map.of("Authorization", "Bearer t0ken", "Accept", "text/event-stream"));

    private static Transport.Refused redirect(int status, String location) {
        return new Transport.Refused(status, Map.of("Location", List.of(location)));
    }

    @Test
    void shouldKeepTheTokenOnTheSameHostAndResolveRelativeLocations() {
        Transport.Request next = Redirects.next(REQUEST, redirect(307, "/api/v1/streaming/public?x=1")).orElseThrow();

        assertThat(next.uri()).isEqualTo(URI.create("https://old.example/api/v1/streaming/public?x=1"));
        assertThat(next.headers()).containsEntry("Authorization", "Bearer t0ken");
    }

    @Test
    void shouldNotSendTheTokenToAnotherHost() {
        Transport.Request next = Redirects.next(REQUEST, redirect(301, "https://new.example/api/v1/streaming/public"))
            .orElseThrow();

        assertThat(next.uri().getHost()).isEqualTo("new.example");
        assertThat(next.headers()).containsOnlyKeys("Accept");
    }

    @Test
    void shouldFollowNoOtherAnswerThanARedirectWithALocation() {
        assertThat(Redirects.next(REQUEST, redirect(404, "/elsewhere"))).isEmpty();
        assertThat(Redirects.next(REQUEST, new Transport.Refused(302, Map.of()))).isEmpty();
    }

    @Test
    void shouldGiveUpAfterTheBoundedHops() {
        List<URI> opened = new ArrayList<>();

        assertThatThrownBy(() -> Redirects.follow(REQUEST, 3, request -> {
            opened.add(request.uri());
            throw redirect(302, "/loop/" + opened.size());
        })).isInstanceOfSatisfying(Transport.Refused.class, refused -> assertThat(refused.status()).isEqualTo(302));
        assertThat(opened).hasSize(4);
    }
}
