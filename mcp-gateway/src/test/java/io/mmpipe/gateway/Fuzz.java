package io.mmpipe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A seeded generator of hostile inputs (the same seed, the same inputs: a failure is reproduced by its seed and
 * index) and the check every answer must pass: no 5xx but the documented 503s, no Java stack trace or class name.
 */
public final class Fuzz {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** What a leaked stack trace or exception looks like in an answer. */
  private static final Pattern LEAK = Pattern.compile(
      "Exception|\\bat [a-z]+\\.[a-z]+\\.|Caused by|java\\.(lang|util|io)\\.|io\\.mmpipe\\.|org\\.eclipse|"
          + "com\\.fasterxml|\\.java:\\d+");
  private static final String[] WORDS = {"", " ", "a", "null", "0", "-1", "1e309", "NaN", "true", "{}", "[]",
      "mattermost://channels/c1/posts", "mattermost://", "stream://broadcasts", "../../etc/passwd", "%00", "\u0000",
      "\u202e", "é", "😀", "\\", "\"", "'", "<script>", "${jndi:x}", "PT10M", "-PT1M", "P9999999D", "c1", "s1",
      "2025-11-25", "2026-07-28", "1999-01-01", "ping", "initialize", "tools/list", "tools/call",
      "resources/read", "subscriptions/listen", "resources/subscribe", "prompts/get", "server/discover",
      "completion/complete", "notifications/initialized", "pipeline_status", "test_chatty", "subscribe",
      "unsubscribe", "status", "resume", "9223372036854775807", "-9223372036854775808", "0.5", "created",
      "reaction_added", "AAAA", "eyJ0IjoxfQ", "Zm9v.YmFy"};

  private final Random random;

  /** One generated input sent and its answer checked. */
  @FunctionalInterface
  public interface Case {
    void check(int index, Fuzz fuzz) throws Exception;
  }

  /**
   * Runs inputs {@code 0..count-1} of {@code seed} on four threads (input {@code i} from {@code new Fuzz(seed + i)},
   * so any one can be replayed alone), prints the count per surface, and returns it.
   */
  public static int run(String surface, int count, long seed, Case c) throws Exception {
    AtomicInteger tried = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          for (int i = first; i < count; i += 4) {
            c.check(i, new Fuzz(seed + i));
            tried.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> p : parts) {
        p.get();
      }
    }
    System.out.printf("fuzz %s: %d inputs, no 500, no stack trace%n", surface, tried.get());
    return tried.get();
  }

  public Fuzz(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** A short string: a known-interesting word, random characters (controls and non-ASCII too), or a mix. */
  public String string() {
    return switch (random.nextInt(4)) {
      case 0 -> WORDS[random.nextInt(WORDS.length)];
      case 1 -> chars(random.nextInt(40));
      case 2 -> WORDS[random.nextInt(WORDS.length)] + chars(random.nextInt(5));
      default -> "x".repeat(random.nextInt(3) == 0 ? 5000 : random.nextInt(300));
    };
  }

  /** {@code n} random characters from ASCII, controls, Latin-1, BMP and beyond. */
  public String chars(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(5)) {
        case 0 -> sb.append((char) random.nextInt(32));
        case 1, 2 -> sb.append((char) (32 + random.nextInt(95)));
        case 3 -> sb.append((char) (128 + random.nextInt(0xD000)));
        default -> sb.appendCodePoint(0x10000 + random.nextInt(0xFFFF));
      }
    }
    return sb.toString();
  }

  /** Any JSON value, nested up to {@code depth}. */
  public JsonNode value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (kind) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(random.nextBoolean());
      case 2 -> F.numberNode(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(100) - 10);
      case 3 -> F.numberNode(random.nextDouble() * 1e6 - 5e5);
      case 4, 5 -> F.textNode(string());
      case 6 -> {
        ArrayNode a = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(value(depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = F.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(random.nextBoolean() ? string() : WORDS[random.nextInt(WORDS.length)], value(depth - 1));
        }
        yield o;
      }
    };
  }

  /**
   * A mutation of {@code seed} (a valid message): values replaced, keys dropped or added, then sometimes the text
   * cut, a byte flipped, or wrapped in a batch.
   */
  public String mutate(JsonNode seed) {
    JsonNode copy = seed.deepCopy();
    for (int i = random.nextInt(4); i > 0; i--) {
      mutateOnce(copy);
    }
    String text = copy.toString();
    return switch (random.nextInt(10)) {
      case 0 -> text.substring(0, random.nextInt(text.length() + 1));
      case 1 -> {
        StringBuilder sb = new StringBuilder(text);
        sb.setCharAt(random.nextInt(sb.length()), (char) random.nextInt(128));
        yield sb.toString();
      }
      case 2 -> "[" + text + "," + text + "]";
      case 3 -> chars(random.nextInt(60));
      default -> text;
    };
  }

  private void mutateOnce(JsonNode node) {
    List<ObjectNode> objects = new ArrayList<>();
    collect(node, objects);
    if (objects.isEmpty()) {
      return;
    }
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    int op = random.nextInt(3);
    if (op == 0 && !keys.isEmpty()) {
      target.set(keys.get(random.nextInt(keys.size())), value(3));
    } else if (op == 1 && !keys.isEmpty()) {
      target.remove(keys.get(random.nextInt(keys.size())));
    } else {
      target.set(random.nextBoolean() ? string() : WORDS[random.nextInt(WORDS.length)], value(2));
    }
  }

  private static void collect(JsonNode n, List<ObjectNode> out) {
    if (n instanceof ObjectNode o) {
      out.add(o);
    }
    n.forEach(child -> collect(child, out));
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * The answer to {@code input} is clean: not a 500 (nor any 5xx but 503, which the gateway documents for full
   * capacity), and no Java exception, stack frame or class name in it.
   */
  public static void assertClean(String surface, int index, String input, int status, String answer) {
    assertThat(status).as("%s #%d: status for %s", surface, index, abbreviate(input))
        .isNotEqualTo(500).satisfiesAnyOf(s -> assertThat(s).isLessThan(500), s -> assertThat(s).isEqualTo(503));
    assertThat(LEAK.matcher(answer).find()).as("%s #%d: a stack trace or class name in %s (input %s)", surface,
        index, abbreviate(answer), abbreviate(input)).isFalse();
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
