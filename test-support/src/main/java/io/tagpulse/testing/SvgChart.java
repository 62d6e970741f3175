package io.tagpulse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A chart of line series as a standalone SVG file, for the reports of the benchmarks and the soak run (no plotting
 * library is on the machines): panels stacked one above the other over one shared x axis, each panel with a y axis
 * of its own (one unit per panel), a legend per panel, and labelled vertical marks across every panel (a fault, a
 * step's start). Ticks fall on 1, 2 or 5 times a power of ten.
 */
public final class SvgChart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private static final int WIDTH = 900;

    private static final int PANEL_HEIGHT = 220;

    private static final int LEFT = 80;

    private static final int RIGHT = 190;

    private static final int TOP = 50;

    private static final int GAP = 40;

    private static final int BOTTOM = 50;

    /** One point of a series. */
    public record Point(double x, double y) {
    }

    /** A named line; points in any x order are drawn sorted by x. */
    public record Series(String name, List<Point> points) {

        public Series {
            Objects.requireNonNull(name, "name");
            points = points.stream().sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
        }
    }

    /** A vertical mark across every panel at {@code x}, labelled at the top. */
    public record Mark(double x, String label) {
    }

    private record Panel(String yLabel, List<Series> series) {
    }

    private final String title;

    private final String xLabel;

    private final List<Panel> panels = new ArrayList<>();

    private final List<Mark> marks = new ArrayList<>();

    public SvgChart(String title, String xLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
    }

    /** Adds a panel below the previous ones, its y axis labelled {@code yLabel}, from 0 to its largest value. */
    public SvgChart panel(String yLabel, List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a panel needs at least one series: " + yLabel);
        }
        panels.add(new Panel(yLabel, List.copyOf(series)));
        return this;
    }

    /** Adds a vertical mark across every panel. */
    public SvgChart mark(double x, String label) {
        marks.add(new Mark(x, label));
        return this;
    }

    /** Writes the chart to {@code file}, creating its directory. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** @return the chart as an SVG document */
    public String render() {
        if (panels.isEmpty()) {
            throw new IllegalStateException("a chart needs at least one panel");
        }
        double[] xRange = xRange();
        Axis xAxis = Axis.of(xRange[0], xRange[1]);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int height = TOP + panels.size() * (PANEL_HEIGHT + GAP) - GAP + BOTTOM;
        StringBuilder svg = new StringBuilder(16_384);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, WIDTH / 2.0, 24, "middle", 16, title);
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int top = TOP + p * (PANEL_HEIGHT + GAP);
            int bottom = top + PANEL_HEIGHT;
            double yMax = panel.series().stream().flatMap(s -> s.points().stream()).mapToDouble(Point::y)
                .filter(Double::isFinite).max().orElse(1);
            Axis yAxis = Axis.of(0, yMax);
            svg.append(String.format(Locale.ROOT, "<g class=\"panel\" data-y-label=\"%s\">%n", escape(panel.yLabel())));
            for (double tick : yAxis.ticks()) {
                double y = bottom - yAxis.fraction(tick) * PANEL_HEIGHT;
                line(svg, LEFT, y, LEFT + plotWidth, y, "#e0e0e0", 1, null);
                text(svg, LEFT - 6, y + 4, "end", 11, Axis.label(tick));
            }
            for (double tick : xAxis.ticks()) {
                double x = LEFT + xAxis.fraction(tick) * plotWidth;
                line(svg, x, top, x, bottom, "#f0f0f0", 1, null);
                if (p == panels.size() - 1) {
                    text(svg, x, bottom + 16, "middle", 11, Axis.label(tick));
                }
            }
            line(svg, LEFT, bottom, LEFT + plotWidth, bottom, "#333", 1, null);
            line(svg, LEFT, top, LEFT, bottom, "#333", 1, null);
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n",
                    18.0, top + PANEL_HEIGHT / 2.0, 18.0, top + PANEL_HEIGHT / 2.0, escape(panel.yLabel())));
            for (Mark mark : marks) {
                double x = LEFT + xAxis.fraction(mark.x()) * plotWidth;
                line(svg, x, top, x, bottom, "#888", 1, "4 3");
                if (p == 0) {
                    text(svg, x + 3, top - 4, "start", 10, mark.label());
                }
            }
            for (int s = 0; s < panel.series().size(); s++) {
                Series series = panel.series().get(s);
                String colour = COLOURS[s % COLOURS.length];
                StringBuilder points = new StringBuilder();
                for (Point point : series.points()) {
                    if (Double.isFinite(point.x()) && Double.isFinite(point.y())) {
                        points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                                LEFT + xAxis.fraction(point.x()) * plotWidth,
                                bottom - yAxis.fraction(point.y()) * PANEL_HEIGHT));
                    }
                }
                svg.append(String.format(Locale.ROOT,
                        "<polyline data-series=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                        escape(series.name()), colour, points.toString().strip()));
                double legendY = top + 14 + s * 16;
                line(svg, LEFT + plotWidth + 12, legendY - 4, LEFT + plotWidth + 32, legendY - 4, colour, 2, null);
                text(svg, LEFT + plotWidth + 36, legendY, "start", 11, series.name());
            }
            svg.append("</g>\n");
        }
        text(svg, LEFT + plotWidth / 2.0, height - 12, "middle", 12, xLabel);
        return svg.append("</svg>\n").toString();
    }

    private double[] xRange() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Panel panel : panels) {
            for (Series series : panel.series()) {
                for (Point point : series.points()) {
                    if (Double.isFinite(point.x())) {
                        min = Math.min(min, point.x());
                        max = Math.max(max, point.x());
                    }
                }
            }
        }
        for (Mark mark : marks) {
            min = Math.min(min, mark.x());
            max = Math.max(max, mark.x());
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 1};
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour, int width,
            String dash) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%d\"%s/>%n",
                x1, y1, x2, y2, colour, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String text) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y, anchor, size,
                escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A linear axis from {@code low} to {@code high}, widened to whole ticks of 1, 2 or 5 times a power of ten. */
    record Axis(double low, double high, double step) {

        static Axis of(double min, double max) {
            if (max <= min) {
                max = min + 1;
            }
            double raw = (max - min) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * (raw <= magnitude ? 1 : raw <= 2 * magnitude ? 2 : raw <= 5 * magnitude ? 5 : 10);
            return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
        }

        double fraction(double value) {
            return (value - low) / (high - low);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            long count = Math.round((high - low) / step);
            for (long i = 0; i <= count; i++) {
                ticks.add(low + i * step);
            }
            return ticks;
        }

        static String label(double value) {
            double rounded = Math.abs(value) < 1e-9 ? 0 : value;
            if (Math.abs(rounded) >= 1_000_000) {
                return String.format(Locale.ROOT, "%.1fM", rounded / 1_000_000).replace(".0M", "M");
            }
            if (Math.abs(rounded) >= 10_000) {
                return String.format(Locale.ROOT, "%.0fk", rounded / 1_000);
            }
            return rounded == Math.rint(rounded) ? String.format(Locale.ROOT, "%.0f", rounded)
                    : String.format(Locale.ROOT, "%.2f", rounded).replaceAll("0+$", "");
        }
    }
}
