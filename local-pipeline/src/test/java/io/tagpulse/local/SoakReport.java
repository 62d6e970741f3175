package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.tagpulse.contracts.TagpulseJson;

/** The run's outputs in its work directory: the chart, the samples as CSV, and everything as JSON. */
record SoakReport(Path workDir, String title, double minutes, int rate, double faultMinutes,
        List<FaultRotation.Fault> faults) {

    /** Writes soak.svg, soak.json and soak.csv, replacing those of an earlier sample. */
    void write(List<Map<String, Double>> samples, List<SoakRun.Outcome> outcomes, Map<String, Object> ending)
            throws IOException {
        SoakChart.chart(title, samples, faults).write(workDir.resolve("soak.svg"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("minutes", minutes);
        json.put("rate", rate);
        json.put("faultMinutes", faultMinutes);
        json.put("end", ending);
        json.put("faults", outcomes);
        json.put("samples", samples);
        Files.writeString(workDir.resolve("soak.json"),
                TagpulseJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(workDir.resolve("soak.csv"), csv(samples));
    }

    /** @return the faults as a Markdown table */
    static String faultTable(List<SoakRun.Outcome> outcomes) {
        StringBuilder out = new StringBuilder("| fault | at (min) | killed | back after (s) | caught up after (s) | "
                + "max lag (s) by group |\n|---|---|---|---|---|---|\n");
        for (SoakRun.Outcome outcome : outcomes) {
            StringBuilder lags = new StringBuilder();
            outcome.maxLagSeconds().forEach((group, lag) -> lags.append(lags.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", group, lag)));
            out.append(String.format(Locale.ROOT, "| %d | %.1f | %s | %.1f | %.1f | %s |%n", outcome.fault().number(),
                    outcome.fault().at().toMillis() / 60_000.0, outcome.fault().target(), outcome.backSeconds(),
                    outcome.recoveredSeconds(), lags));
        }
        return out.toString();
    }

    /** @return the samples as CSV, a column per measure seen in any sample (empty where a sample lacks it) */
    static String csv(List<Map<String, Double>> samples) {
        Set<String> columns = new LinkedHashSet<>();
        samples.forEach(sample -> columns.addAll(sample.keySet()));
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Double> sample : samples) {
            out.append(columns.stream().map(column -> sample.containsKey(column)
                    ? String.format(Locale.ROOT, "%.3f", sample.get(column)) : "").collect(Collectors.joining(",")))
                .append('\n');
        }
        return out.toString();
    }

    /** For each measure: median of the first third, of the last third, and the maximum. */
    static String summary(List<Map<String, Double>> samples) {
        StringBuilder out = new StringBuilder("| measure | first third (median) | last third (median) | max |\n|---|---|---|---|\n");
        if (samples.size() < 3) {
            return out.append("(too few samples)").toString();
        }
        int third = samples.size() / 3;
        Set<String> keys = new LinkedHashSet<>();
        samples.forEach(sample -> keys.addAll(sample.keySet()));
        keys.remove(SoakChart.MINUTE);
        keys.forEach(key -> {
            List<Double> first = values(samples.subList(0, third), key);
            List<Double> last = values(samples.subList(samples.size() - third, samples.size()), key);
            double max = values(samples, key).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", key, median(first), median(last),
                    max));
        });
        return out.toString();
    }

    static List<Double> values(List<Map<String, Double>> samples, String key) {
        return samples.stream().map(sample -> sample.get(key)).filter(value -> value != null && Double.isFinite(value))
            .toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
