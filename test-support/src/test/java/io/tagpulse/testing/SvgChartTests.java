package io.tagpulse.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SvgChartTests {

    @Test
    void drawsEachSeriesAsAPolylineScaledToItsPanelAndTheSharedXAxis() throws Exception {
        SvgChart chart = new SvgChart("Soak <run> & faults", "minutes")
            .panel("lag (s)", List.of(new SvgChart.Series("counter", List.of(new SvgChart.Point(10, 4),
                    new SvgChart.Point(0, 0), new SvgChart.Point(5, 2)))))
            .panel("RSS (MB)", List.of(new SvgChart.Series("filter", List.of(new SvgChart.Point(0, 100),
                    new SvgChart.Point(10, 200))), new SvgChart.Series("sink", List.of(new SvgChart.Point(0, 50)))))
            .mark(5, "kill -9 counter");

        Document svg = parse(chart.render());

        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(3);
        Element counter = (Element) lines.item(0);
        assertThat(counter.getAttribute("data-series")).isEqualTo("counter");
        // Sorted by x; x from 0 to 10 spans the plot (80 to 710), y from 0 to 4 spans the first panel (270 to 50).
        assertThat(counter.getAttribute("points")).isEqualTo("80.0,270.0 395.0,160.0 710.0,50.0");
        Element filter = (Element) lines.item(1);
        assertThat(filter.getAttribute("points")).isEqualTo("80.0,420.0 710.0,310.0");
        assertThat(svg.getDocumentElement().getTextContent()).contains("Soak <run> & faults", "kill -9 counter",
                "RSS (MB)", "minutes");
    }

    @Test
    void ticksFallOnOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.Axis.of(0, 23).ticks()).containsExactly(0.0, 5.0, 10.0, 15.0, 20.0, 25.0);
        assertThat(SvgChart.Axis.of(0, 0.7).step()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SvgChart.Axis.of(0, 30_000).ticks()).containsExactly(0.0, 10_000.0, 20_000.0, 30_000.0);
        assertThat(SvgChart.Axis.label(25_000)).isEqualTo("25k");
        assertThat(SvgChart.Axis.label(0.4)).isEqualTo("0.4");
        assertThat(SvgChart.Axis.of(3, 3).high()).isGreaterThan(3);
    }

    @Test
    void writesAFileAndRefusesAnEmptyChart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plots/chart.svg");
        new SvgChart("t", "x").panel("y", List.of(new SvgChart.Series("s", List.of(new SvgChart.Point(1, 1)))))
            .write(file);
        assertThat(parse(Files.readString(file)).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThatThrownBy(() -> new SvgChart("t", "x").render()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SvgChart("t", "x").panel("y", List.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
