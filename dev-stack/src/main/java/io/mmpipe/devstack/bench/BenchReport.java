package io.mmpipe.devstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects figures and section errors; renders them as a text table and as JSON. */
public final class BenchReport {

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, String> errors = new java.util.LinkedHashMap<>();
  private final Map<String, String> charts = new java.util.LinkedHashMap<>();
  private final List<String[]> notes = new ArrayList<>();
  private final String mode;
  private final Instant startedAt = Instant.now();

  public BenchReport(String mode) {
    this.mode = mode;
  }

  public synchronized void add(Figure f) {
    figures.add(f);
  }

  public synchronized void failed(String section, String message) {
    errors.put(section, message);
  }

  /** A line about a section that is no figure: what ran (peer versions) or did not, and why. */
  public synchronized void note(String section, String text) {
    notes.add(new String[] {section, text});
  }

  public synchronized List<String> notes() {
    return notes.stream().map(n -> n[0] + ": " + n[1]).toList();
  }

  public synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  public synchronized Map<String, String> errors() {
    return Map.copyOf(errors);
  }

  public synchronized String table() {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-9s %-58s %10s %-10s %-34s %10s %7s%n";
    sb.append(String.format(Locale.ROOT, fmt, "section", "figure", "value", "unit", "baseline", "baseline", "ratio"));
    sb.append("-".repeat(145)).append('\n');
    for (Figure f : figures) {
      sb.append(String.format(Locale.ROOT, fmt, f.section(), f.name(), num(f.value()), f.unit(),
          f.baselineName() == null ? "(baseline)" : f.baselineName(), num(f.baselineValue()),
          Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", f.ratio())));
    }
    notes.forEach(n -> sb.append(String.format(Locale.ROOT, "%-9s note: %s%n", n[0], n[1])));
    errors.forEach((s, m) -> sb.append(String.format(Locale.ROOT, "%-10s FAILED: %s%n", s, m)));
    return sb.toString();
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  public synchronized String json() {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = om.createObjectNode();
    root.put("mode", mode);
    root.put("started_at", startedAt.toString());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    ArrayNode arr = root.putArray("figures");
    for (Figure f : figures) {
      ObjectNode n = arr.addObject();
      n.put("section", f.section());
      n.put("name", f.name());
      n.put("value", f.value());
      n.put("unit", f.unit());
      if (f.baselineName() != null) {
        n.put("baseline", f.baselineName());
        putNumber(n, "baseline_value", f.baselineValue());
        putNumber(n, "ratio", f.ratio());
      }
      if (!f.note().isEmpty()) {
        n.put("note", f.note());
      }
    }
    ArrayNode noteArr = root.putArray("notes");
    notes.forEach(n -> noteArr.addObject().put("section", n[0]).put("note", n[1]));
    ObjectNode err = root.putObject("errors");
    errors.forEach(err::put);
    try {
      return om.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  /** The table as markdown: every figure, its baseline and the ratio, then the section errors. */
  public synchronized String markdown() {
    StringBuilder sb = new StringBuilder("# mmpipe bench (" + mode + ")\n\n")
        .append("Started ").append(startedAt).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, load average at the end ").append(String.format(Locale.ROOT, "%.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append(" (the machine may be shared: compare ratios measured in the same run).\n\n")
        .append("| section | figure | value | unit | baseline | baseline value | ratio | note |\n")
        .append("|---|---|---:|---|---|---:|---:|---|\n");
    for (Figure f : figures) {
      sb.append("| ").append(f.section()).append(" | ").append(md(f.name())).append(" | ").append(num(f.value()))
          .append(" | ").append(f.unit()).append(" | ")
          .append(f.baselineName() == null ? "(baseline)" : md(f.baselineName())).append(" | ")
          .append(num(f.baselineValue())).append(" | ")
          .append(Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", f.ratio())).append(" | ")
          .append(md(f.note())).append(" |\n");
    }
    notes.forEach(n -> sb.append("\n").append(n[0]).append(": ").append(md(n[1])).append('\n'));
    errors.forEach((sec, m) -> sb.append("\n**").append(sec).append(" FAILED**: ").append(md(m)).append('\n'));
    return sb.toString();
  }

  /** The table as CSV (RFC 4180 quoting), one row per figure. */
  public synchronized String csv() {
    StringBuilder sb = new StringBuilder("section,figure,value,unit,baseline,baseline_value,ratio,note\r\n");
    for (Figure f : figures) {
      sb.append(String.join(",", csvCell(f.section()), csvCell(f.name()), csvNum(f.value()), csvCell(f.unit()),
          csvCell(f.baselineName() == null ? "" : f.baselineName()), csvNum(f.baselineValue()), csvNum(f.ratio()),
          csvCell(f.note()))).append("\r\n");
    }
    return sb.toString();
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static String csvNum(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  /** The ratio chart: every figure that has a ratio, as a bar against 1.0. */
  public synchronized String ratioChart() {
    List<SvgChart.Bar> bars = new ArrayList<>();
    for (Figure f : figures) {
      if (!Double.isNaN(f.ratio()) && f.unit().endsWith("/s")) {
        bars.add(new SvgChart.Bar(f.section() + ": " + f.name() + " / " + f.baselineName(), f.ratio()));
      }
    }
    return SvgChart.bars("mmpipe bench " + mode + ": throughput ratios (same run)", bars, 1.0);
  }

  /**
   * Writes {@code bench-<timestamp>.json}, {@code latest.json}, {@code latest.md}, {@code latest.csv} and {@code
   * ratios.svg}, plus any extra chart registered with {@link #chart}; returns the first.
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stamp = startedAt.toString().replace(":", "").replaceAll("\\.\\d+", "");
    Path file = dir.resolve("bench-" + stamp + ".json");
    String json = json();
    Files.writeString(file, json);
    Files.writeString(dir.resolve("latest.json"), json);
    Files.writeString(dir.resolve("latest.md"), markdown());
    Files.writeString(dir.resolve("latest.csv"), csv());
    Files.writeString(dir.resolve("ratios.svg"), ratioChart());
    Map<String, String> extra;
    synchronized (this) {
      extra = Map.copyOf(charts);
    }
    for (Map.Entry<String, String> c : extra.entrySet()) {
      Files.writeString(dir.resolve(c.getKey()), c.getValue());
    }
    return file;
  }

  /** Registers an extra SVG chart written beside the report as {@code name}. */
  public synchronized void chart(String name, String svg) {
    charts.put(name, svg);
  }
}
