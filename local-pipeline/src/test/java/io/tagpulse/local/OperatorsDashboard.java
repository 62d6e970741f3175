package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tagpulse.contracts.TagpulseJson;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * The operators' monitoring the Helm chart ships ({@code helm/tagpulse/files/monitoring/}): the Grafana dashboard's
 * panel queries and the alert rules, read from the chart's own files, so a test runs exactly what operators get.
 */
final class OperatorsDashboard {

    /** The chart's monitoring files, from this module's directory (where Maven runs the tests). */
    static final Path FILES = Path.of("..", "helm", "tagpulse", "files", "monitoring").toAbsolutePath().normalize();

    static final Path DASHBOARD = FILES.resolve("tagpulse-dashboard.json");

    static final Path ALERTS = FILES.resolve("tagpulse-alerts.yaml");

    /** Grafana's interval variables, replaced by what a dashboard over the last minutes would use. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "1m",
            "$__interval", "15s", "$__range", "5m");

    /** A metric name in the rules: each is an app's (tagpulse_), a Kafka client's (kafka_) or a binder's (spring_). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:tagpulse|kafka|spring)_[a-zA-Z0-9_:]*)");

    private OperatorsDashboard() {
    }

    /** One query of a dashboard panel, Grafana's variables replaced. */
    record PanelQuery(String panel, String refId, String expr) {

        @Override
        public String toString() {
            return panel + " [" + refId + "]: " + expr;
        }
    }

    /** One alerting rule: its name and expression. */
    record AlertRule(String alert, String expr) {

        /** @return the metric names the expression reads */
        List<String> metrics() {
            List<String> names = new ArrayList<>();
            Matcher matcher = METRIC.matcher(expr);
            while (matcher.find()) {
                if (!names.contains(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
            return names;
        }
    }

    /** @return every query of every panel of the dashboard, in the dashboard's order */
    static List<PanelQuery> panelQueries() throws IOException {
        JsonNode dashboard = TagpulseJson.mapper().readTree(Files.readString(DASHBOARD));
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
                    expr = expr.replace(variable.getKey(), variable.getValue());
                }
                queries.add(new PanelQuery(panel.path("title").asString(), target.path("refId").asString(), expr));
            }
        }
        return queries;
    }

    /** @return every alerting rule of the rules file */
    @SuppressWarnings("unchecked")
    static List<AlertRule> alertRules() throws IOException {
        Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ALERTS));
        List<AlertRule> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    rules.add(new AlertRule((String) rule.get("alert"), String.valueOf(rule.get("expr"))));
                }
            }
        }
        return rules;
    }
}
