package io.mmpipe.devstack.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for what Kafka's perf tools print on stdout (4.3.1). Each looks for its summary line and fails loudly
 * when it is missing, so a changed output format shows up as an error, never as a silent zero.
 */
public final class ToolOutput {

  private ToolOutput() {}

  /** ProducerPerformance's final summary (the line with percentiles). */
  public record ProducerResult(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
      double maxLatencyMs, long p50Ms, long p95Ms, long p99Ms, long p999Ms) {}

  /** ConsumerPerformance's one result row. */
  /**
   * ConsumerPerformance's one result row. {@code recordsPerSec} counts the whole run, group join included;
   * {@code fetchRecordsPerSec} only the fetching, the fair yardstick for a consumer that is already running.
   */
  public record ConsumerResult(long records, double recordsPerSec, double mbPerSec, long fetchTimeMs,
      double fetchRecordsPerSec) {}

  /** EndToEndLatency's average and percentiles (ms). */
  public record EndToEndResult(double avgMs, double p50Ms, double p99Ms, double p999Ms) {}

  private static final Pattern PRODUCER_TOTAL = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
          + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th");

  private static final Pattern E2E_AVG = Pattern.compile("Avg latency: ([\\d.]+) ms");
  private static final Pattern E2E_PCT =
      Pattern.compile("Percentiles: 50th = ([\\d.]+), 99th = ([\\d.]+), 99\\.9th = ([\\d.]+)");

  public static ProducerResult parseProducer(String stdout) {
    // The periodic window lines have no percentiles; the final summary is the only line that does.
    Matcher m = lastMatch(PRODUCER_TOTAL, stdout);
    return new ProducerResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
        Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)),
        Long.parseLong(m.group(9)));
  }

  /**
   * Reads the header row (start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...)
   * and the LAST data row below it; by column name, so a reordered or widened table still parses.
   */
  public static ConsumerResult parseConsumer(String stdout) {
    List<String> lines = stdout.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      // the header is the row naming the columns we need, wherever the tool put it
      if (List.of(lines.get(i).split(",\\s*")).contains("data.consumed.in.nMsg")) {
        header = i;
      }
    }
    if (header < 0 || header + 1 >= lines.size()) {
      throw new IllegalArgumentException("no ConsumerPerformance result table in output:\n" + stdout);
    }
    String[] names = lines.get(header).split(",\\s*");
    String[] values = null;
    for (int i = header + 1; i < lines.size(); i++) {
      String[] v = lines.get(i).split(",\\s*");
      if (v.length == names.length) {
        values = v;
      }
    }
    if (values == null) {
      throw new IllegalArgumentException("no ConsumerPerformance result row under the header:\n" + stdout);
    }
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      row.put(names[i], values[i]);
    }
    return new ConsumerResult(Long.parseLong(column(row, "data.consumed.in.nMsg")),
        Double.parseDouble(column(row, "nMsg.sec")), Double.parseDouble(column(row, "MB.sec")),
        Long.parseLong(column(row, "fetch.time.ms")), Double.parseDouble(column(row, "fetch.nMsg.sec")));
  }

  public static EndToEndResult parseEndToEnd(String stdout) {
    Matcher avg = lastMatch(E2E_AVG, stdout);
    Matcher pct = lastMatch(E2E_PCT, stdout);
    return new EndToEndResult(Double.parseDouble(avg.group(1)), Double.parseDouble(pct.group(1)),
        Double.parseDouble(pct.group(2)), Double.parseDouble(pct.group(3)));
  }

  private static String column(Map<String, String> row, String name) {
    String v = row.get(name);
    if (v == null) {
      throw new IllegalArgumentException("ConsumerPerformance output has no column " + name + ": " + row.keySet());
    }
    return v.trim();
  }

  private static Matcher lastMatch(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int start = -1;
    while (m.find()) {
      start = m.start();
    }
    if (start < 0) {
      throw new IllegalArgumentException("no line matching /" + p.pattern() + "/ in output:\n" + text);
    }
    m.find(start);
    return m;
  }
}
