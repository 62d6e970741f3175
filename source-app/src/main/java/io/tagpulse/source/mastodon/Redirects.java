package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tagpulse.source.connector.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows HTTP redirects (301, 302, 303, 307, 308 with a {@code Location}), a bounded number of hops, for the stream
 * and the REST calls alike: an instance that moved, or that sends its streaming API to another host. The
 * {@code Authorization} header goes only to the same host it was meant for.
 */
final class Redirects {

    private static final Logger log = LoggerFactory.getLogger(Redirects.class);

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private Redirects() {
    }

    /** Opens a request; a redirect, like any other answer but success, is a {@link Transport.Refused}. */
    @FunctionalInterface
    interface Opener<T> {
        T open(Transport.Request request) throws IOException, InterruptedException;
    }

    /**
     * @return what {@code opener} opened at {@code request} or where it was redirected, at most {@code maxHops} times
     * @throws Transport.Refused the last answer, when it is not a redirect to follow (or the hops are used up)
     */
    static <T> T follow(Transport.Request request, int maxHops, Opener<T> opener)
            throws IOException, InterruptedException {
        Transport.Request current = request;
        for (int hops = 0;; hops++) {
            try {
                return opener.open(current);
            }
            catch (Transport.Refused refused) {
                Optional<Transport.Request> next = hops < maxHops ? next(current, refused) : Optional.empty();
                if (next.isEmpty()) {
                    throw refused;
                }
                log.info("{} redirects (HTTP {}) to {}", current.uri(), refused.status(), next.get().uri());
                current = next.get();
            }
        }
    }

    /** @return the request {@code refused} redirects {@code from} to, empty when it is no redirect */
    static Optional<Transport.Request> next(Transport.Request from, Transport.Refused refused) {
        if (!REDIRECTS.contains(refused.status())) {
            return Optional.empty();
        }
        Optional<String> location = refused.headers().entrySet().stream()
            .filter(header -> header.getKey().equalsIgnoreCase("location"))
            .map(Map.Entry::getValue)
            .filter(values -> !values.isEmpty())
            .map(values -> values.get(0))
            .findFirst();
        if (location.isEmpty()) {
            return Optional.empty();
        }
        URI to = from.uri().resolve(location.get().strip());
        Map<String, String> headers = new LinkedHashMap<>(from.headers());
        if (!Objects.equals(to.getHost(), from.uri().getHost())) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("authorization"));
        }
        return Optional.of(new Transport.Request(to, headers));
    }
}
