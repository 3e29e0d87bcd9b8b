package io.mmpipe.devstack.stack;

import java.util.List;

/**
 * {@code ./mmpipe stack up|down|status} and {@code up}'s options, checked before anything starts. A bad input is an
 * {@link IllegalArgumentException} whose message is the whole answer (no stack trace reaches the user).
 *
 * @param command    up, down or status
 * @param brokers    1, or 3 (each broker and controller, a quorum of three: the overlay {@code docker-compose.brokers3.yml})
 * @param ingestors  1 to 4 (two are safe: docs/contracts.md, "Two ingestors")
 * @param processors 1 to the partitions of the topics (a processor beyond them would own no partition)
 * @param gateways   1 to 16, behind nginx
 * @param port       nginx's port (0: a free one)
 * @param analytics  0, or 1: the channel-activity job (compose's {@code analytics} profile)
 */
public record StackOptions(String command, int brokers, int ingestors, int processors, int gateways, int port,
    int analytics) {

  public static final List<String> COMMANDS = List.of("up", "down", "status");
  static final int MAX_INGESTORS = 4;
  static final int MAX_GATEWAYS = 16;

  /**
   * @param partitions the partitions of every topic ({@code MMPIPE_TOPIC_PARTITIONS} of the processor's env file)
   */
  public static StackOptions parse(List<String> args, int partitions) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing command: one of " + String.join(", ", COMMANDS));
    }
    String command = args.getFirst();
    if (!COMMANDS.contains(command)) {
      throw new IllegalArgumentException("unknown command '" + command + "': one of " + String.join(", ", COMMANDS));
    }
    int brokers = 1;
    int ingestors = 1;
    int processors = 1;
    int gateways = 1;
    int port = 8080;
    int analytics = 0;
    List<String> rest = args.subList(1, args.size());
    if (!command.equals("up") && !rest.isEmpty()) {
      throw new IllegalArgumentException(command + " takes no options (given: " + String.join(" ", rest) + ")");
    }
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < rest.size()) {
        value = rest.get(++i);
      } else {
        value = null;
      }
      if (!List.of("--brokers", "--ingestors", "--processors", "--gateways", "--port", "--analytics").contains(name)) {
        throw new IllegalArgumentException("unknown option '" + name
            + "': up takes --brokers 1|3, --ingestors N, --processors N, --gateways N, --port N, --analytics 0|1");
      }
      if (value == null) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--brokers" -> {
          brokers = number(name, value, 1, 3);
          if (brokers == 2) {
            throw new IllegalArgumentException("--brokers must be 1 or 3 (was 2)");
          }
        }
        case "--ingestors" -> ingestors = number(name, value, 1, MAX_INGESTORS);
        case "--processors" -> {
          processors = number(name, value, 1, Integer.MAX_VALUE);
          if (processors > partitions) {
            throw new IllegalArgumentException("--processors " + processors + " is more than the " + partitions
                + " partitions of the topics (MMPIPE_TOPIC_PARTITIONS): the extra processors would own nothing");
          }
        }
        case "--gateways" -> gateways = number(name, value, 1, MAX_GATEWAYS);
        case "--analytics" -> analytics = number(name, value, 0, 1);
        default -> port = number(name, value, 0, 65535);
      }
    }
    return new StackOptions(command, brokers, ingestors, processors, gateways, port, analytics);
  }

  private static int number(String name, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number (was '" + value + "')");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " (was " + n + ")");
    }
    return n;
  }
}
