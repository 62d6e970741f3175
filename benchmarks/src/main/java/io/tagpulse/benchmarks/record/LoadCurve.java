package io.tagpulse.benchmarks.record;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import io.tagpulse.testing.SvgChart;
import io.tagpulse.testing.SvgChart.Point;
import io.tagpulse.testing.SvgChart.Series;

/** The pipeline's rate steps read as a curve: its highest bounded rate, the rate half of it, and its plot. */
public final class LoadCurve {

    private LoadCurve() {
    }

    /**
     * @return the highest offered rate whose step was bounded with every lower step bounded too (a step that held
     *     after one that did not is luck, not capacity); empty if the first step was not bounded
     */
    public static OptionalInt maxBounded(List<LoadStep> steps) {
        OptionalInt best = OptionalInt.empty();
        for (LoadStep step : steps.stream().sorted((a, b) -> Integer.compare(a.offered(), b.offered())).toList()) {
            if (!step.bounded()) {
                break;
            }
            best = OptionalInt.of(step.offered());
        }
        return best;
    }

    /** @return half of {@code rate}, at least one post per second */
    public static int half(int rate) {
        return Math.max(1, rate / 2);
    }

    /**
     * @return offered load (posts/s) on x; two panels: achieved throughput against the offered load itself (the
     *     ideal), and the p99 and p50 delay from window end to database per step; a mark at the highest bounded rate
     */
    public static SvgChart chart(List<LoadStep> steps, String title) {
        List<Point> achieved = new ArrayList<>();
        List<Point> offered = new ArrayList<>();
        List<Point> p99 = new ArrayList<>();
        List<Point> p50 = new ArrayList<>();
        for (LoadStep step : steps) {
            achieved.add(new Point(step.offered(), step.achieved()));
            offered.add(new Point(step.offered(), step.offered()));
            if (step.p99Ms() != null) {
                p99.add(new Point(step.offered(), step.p99Ms()));
            }
            if (step.p50Ms() != null) {
                p50.add(new Point(step.offered(), step.p50Ms()));
            }
        }
        SvgChart chart = new SvgChart(title, "offered load (posts/s)")
            .panel("throughput (posts/s)", List.of(new Series("achieved", achieved), new Series("offered", offered)));
        List<Series> delays = new ArrayList<>();
        if (!p99.isEmpty()) {
            delays.add(new Series("p99", p99));
            delays.add(new Series("p50", p50));
        }
        else {
            delays.add(new Series("p99 (no windows read)", List.of()));
        }
        chart.panel("delay window end → database (ms)", delays);
        maxBounded(steps).ifPresent(rate -> chart.mark(rate, "highest bounded " + Goal.format(rate)));
        return chart;
    }
}
