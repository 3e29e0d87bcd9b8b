package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

  @Test
  void shouldDrawOneBarPerValueAndEscapeLabels() {
    String svg = SvgChart.bars("t", List.of(new SvgChart.Bar("a<b", 0.5), new SvgChart.Bar("c", 2.0),
        new SvgChart.Bar("nan", Double.NaN)), 1.0);

    assertThat(svg).startsWith("<svg xmlns='http://www.w3.org/2000/svg'").endsWith("</svg>\n");
    assertThat(svg.split("<rect x=", -1)).hasSize(4); // three bars (the background is <rect width=)
    assertThat(svg).contains("a&lt;b").doesNotContain("a<b").contains(">0.500<").contains(">2.00<").contains(">-<");
  }

  @Test
  void shouldPlotEachSeriesAsAPolylineWithItsName() {
    String svg = SvgChart.percentiles("lat", List.of(
        new SvgChart.Series("commit 20 ms", List.of(new double[] {50, 10}, new double[] {99, 40})),
        new SvgChart.Series("commit 1000 ms", List.of(new double[] {50, 600}, new double[] {99.9, 1100}))));

    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).contains("commit 20 ms").contains("commit 1000 ms").contains(">p99.9<");
  }
}
