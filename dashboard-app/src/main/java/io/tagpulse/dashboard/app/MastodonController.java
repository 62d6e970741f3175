package io.tagpulse.dashboard.app;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.tagpulse.dashboard.MastodonTrends;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Mastodon's trending tags API, {@code GET /api/v1/trends/tags}, so that Mastodon clients and bots read Tagpulse's
 * global trends ({@link MastodonTrends}): an array of tags, {@code limit} (default 10, above 20 read as 20) and
 * {@code offset}, the next and previous pages in a {@code Link} header. Open without the API token, as Mastodon's is.
 */
@RestController
class MastodonController {

    static final String PATH = "/api/v1/trends/tags";

    private final MastodonTrends trends;

    private final String publicUrl;

    private final Clock clock;

    MastodonController(MastodonTrends trends, DashboardProperties properties, Clock clock) {
        this.trends = trends;
        this.publicUrl = properties.publicUrl();
        this.clock = clock;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<MastodonTrends.Tag>> tags(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset, HttpServletRequest request) {
        int pageLimit = MastodonTrends.limit(limit);
        int pageOffset = MastodonTrends.offset(offset);
        String base = baseUrl();
        MastodonTrends.Page page = trends.page(pageOffset, pageLimit, LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                base);
        // As Mastodon: the limit asked for (if any) and the offset of each page; unlike Mastodon, next only when
        // trends follow, and prev from any later page (Mastodon leaves it out up to an offset of one page).
        List<String> links = new ArrayList<>(2);
        if (page.more()) {
            links.add(link(base, limit == null ? null : pageLimit, pageOffset + pageLimit, "next"));
        }
        if (pageOffset > 0) {
            links.add(link(base, limit == null ? null : pageLimit, Math.max(0, pageOffset - pageLimit), "prev"));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (!links.isEmpty()) {
            answer.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return answer.body(page.tags());
    }

    /** The configured public URL, else this request's scheme, host and context path. */
    private String baseUrl() {
        String base = publicUrl == null || publicUrl.isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : publicUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String link(String base, Integer limit, int offset, String rel) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + PATH);
        if (limit != null) {
            uri.queryParam("limit", limit);
        }
        uri.queryParam("offset", offset);
        return "<" + uri.build().toUriString() + ">; rel=\"" + rel + "\"";
    }
}
