package io.mmpipe.devstack.chaos;

import java.util.List;
import java.util.Locale;

/** The chaos table, as markdown and as JSON. */
final class ChaosReport {

  /** One fault's figures (those of the control subscriber; {@code othersLost}/{@code othersDuplicated}: the rest). */
  record Row(String fault, int changes, int expected, int delivered, int lost, int duplicated, int superseded,
      Long recoverMs, int othersLost, int othersDuplicated, String note) {

    boolean clean() {
      return lost == 0 && duplicated == 0 && othersLost == 0 && othersDuplicated == 0 && recoverMs != null;
    }
  }

  private ChaosReport() {}

  static String markdown(String suite, String topology, List<Row> rows) {
    StringBuilder b = new StringBuilder("# chaos " + suite + "\n\n" + topology + "\n\n");
    b.append("| fault | changes made | updates expected | delivered | lost | duplicated | time to recover |"
        + " other subscribers lost/dup | note |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s | %d/%d | %s |%n", r.fault(),
          r.changes(), r.expected(), r.delivered(), r.lost(), r.duplicated(),
          r.recoverMs() == null ? "not recovered" : String.format(Locale.ROOT, "%.1f s", r.recoverMs() / 1000.0),
          r.othersLost(), r.othersDuplicated(), r.note()));
    }
    return b.toString();
  }

  static String json(String suite, String topology, List<Row> rows) {
    StringBuilder b = new StringBuilder("{\"suite\":\"" + suite + "\",\"topology\":\"" + esc(topology)
        + "\",\"rows\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"fault\":\"%s\",\"changes\":%d,\"expected\":%d,\"delivered\":%d,\"lost\":%d,\"duplicated\":%d,"
              + "\"superseded\":%d,\"recover_ms\":%s,\"others_lost\":%d,\"others_duplicated\":%d,\"note\":\"%s\"}",
          esc(r.fault()), r.changes(), r.expected(), r.delivered(), r.lost(), r.duplicated(), r.superseded(),
          r.recoverMs() == null ? "null" : r.recoverMs().toString(), r.othersLost(), r.othersDuplicated(),
          esc(r.note())));
    }
    return b.append("]}\n").toString();
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
