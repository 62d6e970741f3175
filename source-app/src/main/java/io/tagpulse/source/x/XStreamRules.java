package io.tagpulse.source.x;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tagpulse.contracts.TagpulseJson;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the filtered stream's rules equal to the configured ones: rules that are not configured are deleted, missing
 * ones added, the others left alone (so their ids, and X's matching state, survive a restart).
 */
public final class XStreamRules {

    /** What to change: ids of rules to delete, values of rules to add. */
    public record Diff(List<String> delete, List<String> add) {

        public boolean isEmpty() {
            return delete.isEmpty() && add.isEmpty();
        }
    }

    private final URI base;

    private final String bearerToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public XStreamRules(URI base, String bearerToken) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/2/tweets/search/stream/rules");
        this.bearerToken = bearerToken;
    }

    /** @param existing rule values by id, as X lists them */
    public static Diff diff(Map<String, String> existing, List<String> desired) {
        Set<String> wanted = new LinkedHashSet<>(desired);
        List<String> delete = new ArrayList<>();
        Set<String> kept = new LinkedHashSet<>();
        existing.forEach((id, value) -> {
            if (wanted.contains(value) && kept.add(value)) {
                return;
            }
            delete.add(id);
        });
        List<String> add = wanted.stream().filter(value -> !kept.contains(value)).toList();
        return new Diff(delete, add);
    }

    /**
     * What a sync did: the changes it asked for and the problems X answered with (a rule it rejected as invalid, a
     * duplicate, one rule too many), empty when it took them all.
     */
    public record Sync(Diff diff, List<XProblem> problems) {
    }

    /**
     * @return what was asked for and what X rejected of it
     * @throws IllegalStateException when X answers with an error status (a refused token, a server error)
     */
    public Sync sync(List<String> desired) throws IOException, InterruptedException {
        JsonNode listed = call(HttpRequest.newBuilder(base).GET());
        Map<String, String> existing = new LinkedHashMap<>();
        for (JsonNode rule : listed.path("data")) {
            existing.put(rule.path("id").asString(), rule.path("value").asString());
        }
        Diff diff = diff(existing, desired);
        List<XProblem> problems = new ArrayList<>();
        if (!diff.delete().isEmpty()) {
            problems.addAll(XProblem.of(call(post(Map.of("delete", Map.of("ids", diff.delete())))).path("errors")));
        }
        if (!diff.add().isEmpty()) {
            List<Map<String, String>> rules = diff.add().stream().map(value -> Map.of("value", value)).toList();
            problems.addAll(XProblem.of(call(post(Map.of("add", rules))).path("errors")));
        }
        return new Sync(diff, problems);
    }

    private HttpRequest.Builder post(Object body) {
        return HttpRequest.newBuilder(base)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(TagpulseJson.writeString(body)));
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.header("Authorization", "Bearer " + bearerToken)
            .timeout(Duration.ofSeconds(30))
            .build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        boolean rejectedRules = built.method().equals("POST") && response.statusCode() / 100 == 4
                && hasErrors(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException("X refused the bearer token (HTTP " + response.statusCode()
                    + "): check tagpulse.source.x.bearer-token (an app-only token of a project with filtered-stream "
                    + "access)");
        }
        if (response.statusCode() / 100 != 2 && !rejectedRules) {
            throw new IllegalStateException("X answered HTTP " + response.statusCode() + " to " + base + ": "
                    + response.body());
        }
        return TagpulseJson.mapper().readTree(response.body());
    }

    /** X may answer a change with rules it rejects with a 4xx and their {@code errors}: those are the problems. */
    private static boolean hasErrors(String body) {
        try {
            return TagpulseJson.mapper().readTree(body).path("errors").isArray();
        }
        catch (RuntimeException ex) {
            return false;
        }
    }
}
