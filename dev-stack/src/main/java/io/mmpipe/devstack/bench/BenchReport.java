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

  /** Writes {@code bench-<timestamp>.json} and {@code latest.json}; returns the first. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stamp = startedAt.toString().replace(":", "").replaceAll("\\.\\d+", "");
    Path file = dir.resolve("bench-" + stamp + ".json");
    String json = json();
    Files.writeString(file, json);
    Files.writeString(dir.resolve("latest.json"), json);
    return file;
  }
}
