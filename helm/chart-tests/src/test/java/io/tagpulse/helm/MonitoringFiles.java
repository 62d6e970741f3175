package io.tagpulse.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The chart's monitoring files ({@code files/monitoring/}): the Grafana dashboard and the alert rule groups. */
final class MonitoringFiles {

    static final Path DASHBOARD = Chart.directory().resolve("files/monitoring/tagpulse-dashboard.json");

    static final Path ALERTS = Chart.directory().resolve("files/monitoring/tagpulse-alerts.yaml");

    private MonitoringFiles() {
    }

    /** @return the alert rules file, parsed */
    static Object alertsFile() throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ALERTS));
    }

    /** @return the alerting rules of rule groups ({@code {groups: [{name, rules: [...]}]}}), in their order */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alerts(Object ruleGroups) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) ruleGroups).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    /** @return a rule's labels, none when it has none */
    @SuppressWarnings("unchecked")
    static Map<String, Object> labels(Map<String, Object> rule) {
        return (Map<String, Object>) rule.getOrDefault("labels", Map.of());
    }
}
