package io.mmpipe.devstack.bench;

import java.util.List;
import java.util.Locale;

/**
 * Minimal SVG charts for the bench report, written by hand so the bench needs no plotting library: a horizontal bar
 * chart (ratios against their baselines) and a line chart (latency percentile distributions, log-scaled x).
 */
final class SvgChart {

  /** One bar: a label and a value. */
  record Bar(String label, double value) {}

  /** One line: a name and its points (x = percentile, y = value). */
  record Series(String name, List<double[]> points) {}

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

  private SvgChart() {}

  /** Bars on a linear axis from 0, with a dashed reference line (e.g. ratio 1.0). */
  static String bars(String title, List<Bar> bars, double reference) {
    int longest = bars.stream().mapToInt(b -> b.label().length()).max().orElse(10);
    int labelW = Math.max(200, longest * 6 + 16); // ~6 px per character at font-size 11
    int plotW = 420;
    int rowH = 22;
    int top = 40;
    int h = top + rowH * bars.size() + 40;
    double max = reference;
    for (Bar b : bars) {
      if (Double.isFinite(b.value())) {
        max = Math.max(max, b.value());
      }
    }
    max = Math.max(max * 1.1, 1e-9);
    StringBuilder sb = header(labelW + plotW + 80, h, title);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * rowH;
      double v = Double.isFinite(b.value()) ? b.value() : 0;
      int w = (int) Math.round(v / max * plotW);
      sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end' font-size='11'>%s</text>%n",
          labelW - 6, y + 14, esc(b.label())));
      sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>%n", labelW, y + 3,
          w, rowH - 6, v >= reference ? "#2ca02c" : "#1f77b4"));
      sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11'>%s</text>%n", labelW + w + 4, y + 14,
          fmt(b.value())));
    }
    int rx = labelW + (int) Math.round(reference / max * plotW);
    sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#555' "
        + "stroke-dasharray='4,3'/>%n", rx, top, rx, top + rowH * bars.size()));
    sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>%n", rx,
        top + rowH * bars.size() + 16, fmt(reference)));
    return sb.append("</svg>\n").toString();
  }

  /**
   * Latency against percentile: x is log-scaled by 1/(1-p) (so 50, 90, 99, 99.9 are evenly spaced), y linear in
   * milliseconds, the way HdrHistogram's percentile plots are read.
   */
  static String percentiles(String title, List<Series> series) {
    int left = 70;
    int w = 620;
    int top = 40;
    int h = 320;
    double maxX = 1;
    double maxY = 1;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, xOf(p[0]));
        maxY = Math.max(maxY, p[1]);
      }
    }
    maxY *= 1.1;
    StringBuilder sb = header(left + w + 200, top + h + 50, title);
    sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>%n",
        left, top, w, h));
    for (double p : new double[] {0, 50, 90, 99, 99.9, 99.99}) {
      double x = xOf(p);
      if (x > maxX) {
        break;
      }
      int px = left + (int) Math.round(x / maxX * w);
      sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#ddd'/>"
          + "<text x='%d' y='%d' font-size='11' text-anchor='middle'>p%s</text>%n", px, top, px, top + h, px,
          top + h + 16, fmt(p)));
    }
    for (int i = 0; i <= 4; i++) {
      double v = maxY * i / 4;
      int py = top + h - (int) Math.round(v / maxY * h);
      sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s ms</text>%n",
          left - 4, py + 4, fmt(v)));
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : s.points()) {
        pts.append(String.format(Locale.ROOT, "%d,%d ", left + (int) Math.round(xOf(p[0]) / maxX * w),
            top + h - (int) Math.round(p[1] / maxY * h)));
      }
      sb.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n",
          colour, pts.toString().trim()));
      sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' fill='%s'>%s</text>%n", left + w + 10,
          top + 16 + i * 18, colour, esc(s.name())));
    }
    return sb.append("</svg>\n").toString();
  }

  /** A latency histogram in microseconds as the points of a {@link Series}: percentile, milliseconds. */
  static List<double[]> percentilePoints(org.HdrHistogram.Histogram h) {
    List<double[]> points = new java.util.ArrayList<>();
    for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9}) {
      points.add(new double[] {p, h.getValueAtPercentile(p) / 1000.0});
    }
    return points;
  }

  private static double xOf(double percentile) {
    return Math.log10(1 / Math.max(1e-6, 1 - percentile / 100.0));
  }

  private static StringBuilder header(int w, int h, String title) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' "
        + "height='%d' font-family='sans-serif'>%n<rect width='100%%' height='100%%' fill='white'/>%n"
        + "<text x='10' y='22' font-size='15' font-weight='bold'>%s</text>%n", w, h, esc(title)));
  }

  static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
  }
}
