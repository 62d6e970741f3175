package io.tagpulse.source.mastodon;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.source.PlatformJson;
import io.tagpulse.source.connector.Transport;
import io.tagpulse.source.mastodon.MastodonProperties.Timeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fetches the statuses a stream missed while it was disconnected from the REST timeline that matches it
 * ({@code /api/v1/timelines/public}, with {@code local=true} for the local one, or {@code /api/v1/timelines/tag/:tag}):
 * from {@code min_id} = the last status acknowledged, 40 a page, each page oldest first, the next page the
 * {@code Link} header's {@code prev} (newer) one, until a page is not full (caught up) or {@code maxPages} pages were
 * read. A 429 or a 5xx answer is thrown as {@link Transport.Refused} (the runtime waits as a 429 asks, or backs off,
 * and reconnects, to backfill again from what was acknowledged); another refusal (401, 404) skips the backfill.
 */
final class TimelineBackfill {

    /** Statuses per page: Mastodon's most. */
    static final int LIMIT = 40;

    private static final Logger log = LoggerFactory.getLogger(TimelineBackfill.class);

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern PREV = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?prev\"?");

    /** What the backfill found: statuses, oldest first, and pages it could not read. */
    interface Statuses {

        void status(JsonNode status) throws InterruptedException;

        void malformed(String reason);
    }

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(ANSWER_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private final URI timeline;

    private final Map<String, String> headers;

    private final int maxPages;

    private final int maxRedirects;

    TimelineBackfill(URI instance, Timeline timeline, String hashtag, Map<String, String> headers, int maxPages,
            int maxRedirects) {
        this.timeline = uri(instance, timeline, hashtag);
        this.headers = headers;
        this.maxPages = maxPages;
        this.maxRedirects = maxRedirects;
    }

    /** @return the REST timeline matching a stream, without its paging parameters */
    static URI uri(URI instance, Timeline timeline, String hashtag) {
        String base = instance.toString().replaceAll("/+$", "") + "/api/v1/timelines/";
        return URI.create(switch (timeline) {
            case PUBLIC -> base + "public?limit=" + LIMIT;
            case LOCAL -> base + "public?local=true&limit=" + LIMIT;
            case HASHTAG -> base + "tag/" + URLEncoder.encode(hashtag.replaceFirst("^#", ""), StandardCharsets.UTF_8)
                    .replace("+", "%20") + "?limit=" + LIMIT;
        });
    }

    /**
     * Hands every status newer than {@code sinceId} to {@code statuses}, oldest first, within the page bound.
     *
     * @return how many pages were read
     * @throws Transport.Refused a 429 or a 5xx answer
     */
    int run(long sinceId, Statuses statuses) throws IOException, InterruptedException {
        URI page = URI.create(timeline + "&min_id=" + sinceId);
        for (int read = 0; read < maxPages; read++) {
            Optional<HttpResponse<String>> answer = get(page);
            if (answer.isEmpty()) {
                return read;
            }
            List<JsonNode> found;
            try {
                found = oldestFirst(answer.get().body());
            }
            catch (InvalidRecordException ex) {
                statuses.malformed(ex.getMessage());
                log.warn("Mastodon backfill stopped at an unreadable page of {}: {}", page, ex.getMessage());
                return read + 1;
            }
            for (JsonNode status : found) {
                statuses.status(status);
            }
            if (found.size() < LIMIT) {
                return read + 1;
            }
            page = newer(answer.get(), found);
        }
        log.warn("Mastodon backfill read its {} pages (mastodon.backfill-max-pages) without catching up: statuses "
                + "after those until the stream's start are not backfilled", maxPages);
        return maxPages;
    }

    /** @return the page's answer, empty when the timeline is refused for good (the backfill is skipped) */
    private Optional<HttpResponse<String>> get(URI page) throws IOException, InterruptedException {
        try {
            return Optional.of(Redirects.follow(new Transport.Request(page, headers), maxRedirects, request -> {
                HttpRequest.Builder get = HttpRequest.newBuilder(request.uri()).timeout(ANSWER_TIMEOUT).GET()
                    .header("Accept", "application/json");
                request.headers().forEach(get::header);
                HttpResponse<String> response = http.send(get.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() != 200) {
                    throw new Transport.Refused(response.statusCode(), response.headers().map());
                }
                return response;
            }));
        }
        catch (Transport.Refused refused) {
            if (refused.status() == 429 || refused.status() >= 500) {
                throw refused;
            }
            log.error("Mastodon backfill skipped: {} answered HTTP {} (check tagpulse.source.mastodon.access-token "
                    + "when the instance needs one for its timelines)", page, refused.status());
            return Optional.empty();
        }
    }

    /** @throws InvalidRecordException when the page is not a JSON array */
    private static List<JsonNode> oldestFirst(String body) {
        JsonNode page = PlatformJson.read(body, "Mastodon timeline page");
        if (page == null || !page.isArray()) {
            throw new InvalidRecordException("a Mastodon timeline page must be a JSON array");
        }
        List<JsonNode> statuses = new ArrayList<>();
        page.forEach(statuses::add);
        // Mastodon answers newest first; ids that are not numbers (not Mastodon) keep that order, reversed.
        java.util.Collections.reverse(statuses);
        statuses.sort(Comparator.comparingLong(status -> MastodonParser.id(status)));
        return statuses;
    }

    /** @return the next (newer) page: the {@code Link} header's {@code prev}, else {@code min_id} = the newest id */
    private URI newer(HttpResponse<String> answer, List<JsonNode> found) {
        for (String link : answer.headers().allValues("Link")) {
            Matcher prev = PREV.matcher(link);
            if (prev.find()) {
                return answer.uri().resolve(prev.group(1));
            }
        }
        return URI.create(timeline + "&min_id=" + MastodonParser.id(found.get(found.size() - 1)));
    }
}
