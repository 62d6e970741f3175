package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.time.Duration;

import io.tagpulse.source.connector.Transport;

/** A transport that follows the redirects its server answers with, at most {@code maxHops} per connection. */
final class RedirectingTransport implements Transport {

    private final Transport transport;

    private final int maxHops;

    RedirectingTransport(Transport transport, int maxHops) {
        this.transport = transport;
        this.maxHops = maxHops;
    }

    @Override
    public Connection open(Request request, Duration answerTimeout) throws IOException, InterruptedException {
        return Redirects.follow(request, maxHops, hop -> transport.open(hop, answerTimeout));
    }
}
