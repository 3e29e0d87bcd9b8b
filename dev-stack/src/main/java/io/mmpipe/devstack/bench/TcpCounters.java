package io.mmpipe.devstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kernel's TCP counters that tell a stalled connection (Linux {@code /proc/net/netstat} and {@code /proc/net/snmp},
 * the figures {@code nstat} shows), read before and after a fan-out window: a retransmission timeout holds one
 * connection's stream for 200 ms, then 400, 800, ... while the others go on; a zero window says the client did not
 * read in time. The counters are the network namespace's, so another program's sockets count too. Only the fixed
 * set {@link #NAMES} is kept.
 */
final class TcpCounters {

  static final List<String> NAMES = List.of("RetransSegs", "TCPTimeouts", "TCPLossProbes", "TCPToZeroWindowAdv",
      "PruneCalled", "TCPRcvQDrop", "ListenDrops");

  private TcpCounters() {}

  /** The counters now; empty when the files cannot be read (not Linux). */
  static Map<String, Long> read() {
    Map<String, Long> all = new LinkedHashMap<>();
    for (String file : List.of("/proc/net/netstat", "/proc/net/snmp")) {
      try {
        parse(Files.readAllLines(Path.of(file)), all);
      } catch (IOException | RuntimeException e) {
        // not Linux, or not readable: no counters
      }
    }
    return all;
  }

  /** Pairs of lines "Prefix: name name ..." / "Prefix: value value ...", keeping only {@link #NAMES}. */
  static void parse(List<String> lines, Map<String, Long> into) {
    for (int i = 0; i + 1 < lines.size(); i += 2) {
      String[] names = lines.get(i).trim().split("\\s+");
      String[] values = lines.get(i + 1).trim().split("\\s+");
      for (int k = 1; k < Math.min(names.length, values.length); k++) {
        if (NAMES.contains(names[k])) {
          into.put(names[k], Long.parseLong(values[k]));
        }
      }
    }
  }

  /** {@code after - before} per counter, as "name=delta ..." (counters missing from either are left out). */
  static String delta(Map<String, Long> before, Map<String, Long> after) {
    return NAMES.stream().filter(n -> before.containsKey(n) && after.containsKey(n))
        .map(n -> n + "=" + (after.get(n) - before.get(n))).collect(Collectors.joining(" "));
  }
}
