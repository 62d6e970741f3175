package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.time.Duration;

import io.tagpulse.source.connector.Transport;

/** A transport that follows the redirects its server answers with, at most {@code maxHops} per connection. */
record RedirectingTransport(Transport transport, int maxHops) implements Transport {

    @Override
    public Connection open(Request request, Duration answerTimeout) throws IOException, InterruptedException {
        return Redirects.follow(request, maxHops, hop -> transport.open(hop, answerTimeout));
    }
}
