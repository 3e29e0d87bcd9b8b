package io.mmpipe.gateway.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The leak matrix as a Markdown table: deliveries per principal, endpoint and channel. */
final class LeakMatrix {

  private LeakMatrix() {}

  /**
   * @param matrix principal → endpoint → channel → count (-1: the call was refused)
   * @param scopes principal → the channels it may read
   */
  static String render(Map<String, Map<String, Map<String, Integer>>> matrix, Collection<String> channels,
                       Map<String, Set<String>> scopes) {
    StringBuilder out = new StringBuilder("| principal | endpoint |");
    channels.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append("\n|---|---|");
    channels.forEach(c -> out.append("---|"));
    out.append('\n');
    matrix.forEach((who, row) -> row.forEach((endpoint, cell) -> {
      out.append("| ").append(who).append(" | ").append(endpoint).append(" |");
      for (String c : channels) {
        int n = cell.get(c);
        String v = n < 0 ? "refused" : String.valueOf(n);
        out.append(' ').append(scopes.get(who).contains(c) ? v : "(" + v + ")").append(" |");
      }
      out.append('\n');
    }));
    return out.append("(in parentheses: channels outside the principal's scope, where only 0 or refused is allowed)")
        .toString();
  }
}
