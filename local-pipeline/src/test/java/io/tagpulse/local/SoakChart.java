package io.tagpulse.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tagpulse.testing.SvgChart;

/**
 * The soak run's samples as a chart: one panel per kind of measure over the run's minutes, one line per process or
 * group, and a mark at each fault. A sample maps {@value #MINUTE} to its time and {@code <name>.<measure>} (or a
 * plain measure name) to a value; a panel's series are the names that carry its measure, in first-seen order.
 */
final class SoakChart {

    /** The key of a sample's time, in minutes from the start. */
    static final String MINUTE = "minute";

    /** Each panel: its y label and the key suffix (or whole key) of its series. */
    static final List<Map.Entry<String, List<String>>> PANELS = List.of(
            Map.entry("lag per group (s)", List.of(".lagS")),
            Map.entry("RSS per process (MB)", List.of(".rssMB")),
            Map.entry("live heap per app (MB)", List.of(".liveMB")),
            Map.entry("database size (MB)", List.of("databaseMB")),
            Map.entry("count error (windows differing / mentions off)",
                    List.of("countError.windows", "countError.mentions")));

    /** The legend of the whole-key measures. */
    private static final Map<String, String> NAMES = Map.of("databaseMB", "sink database", "countError.windows",
            "windows differing", "countError.mentions", "mentions off");

    private SoakChart() {
    }

    /** @return the chart of the samples, with a mark labelled {@code "<n> <target>"} at each fault */
    static SvgChart chart(String title, List<Map<String, Double>> samples, List<FaultRotation.Fault> faults) {
        SvgChart chart = new SvgChart(title, "minutes since the start");
        for (Map.Entry<String, List<String>> panel : PANELS) {
            List<SvgChart.Series> series = new ArrayList<>();
            for (String key : keys(samples, panel.getValue())) {
                List<SvgChart.Point> points = new ArrayList<>();
                for (Map<String, Double> sample : samples) {
                    Double value = sample.get(key);
                    if (value != null && sample.containsKey(MINUTE)) {
                        points.add(new SvgChart.Point(sample.get(MINUTE), value));
                    }
                }
                series.add(new SvgChart.Series(seriesName(key, panel.getValue()), points));
            }
            if (!series.isEmpty()) {
                chart.panel(panel.getKey(), series);
            }
        }
        for (FaultRotation.Fault fault : faults) {
            chart.mark(fault.at().toMillis() / 60_000.0, fault.number() + " " + fault.target());
        }
        return chart;
    }

    /** @return the keys of the samples that end with one of the suffixes, in first-seen order */
    private static Set<String> keys(List<Map<String, Double>> samples, List<String> suffixes) {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Double> sample : samples) {
            for (String key : sample.keySet()) {
                if (suffixes.stream().anyMatch(key::endsWith)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** @return the process or group a per-process key names, or a whole-key measure's name */
    private static String seriesName(String key, List<String> suffixes) {
        for (String suffix : suffixes) {
            if (suffix.startsWith(".") && key.endsWith(suffix)) {
                return key.substring(0, key.length() - suffix.length());
            }
        }
        return NAMES.getOrDefault(key, key);
    }
}
