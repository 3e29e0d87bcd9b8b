package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResourceUpdateJsonTest {

  @Test
  void shouldWriteTheShapeSubscribersSeeWithDataAsAnObject() {
    ResourceUpdate u = update("post_p1", "mattermost://new_channel_posts", "created",
        "{\"post\":{\"id\":\"p1\",\"message\":\"Hello world!\"},\"channel_id\":\"c1\"}", 1672531200.123);
    String json = ResourceUpdateJson.write(u);
    assertThat(json).startsWith("{\"resource_uri\":\"mattermost://new_channel_posts\",\"update_type\":\"created\",")
        .contains("\"timestamp\":1672531200.123,").endsWith("\"event_id\":\"post_p1\"}");
    JsonNode tree = ResourceUpdateJson.read(json);
    assertThat(tree.get("data").isObject()).isTrue();
    assertThat(tree.at("/data/post/message").asText()).isEqualTo("Hello world!");
  }

  @Test
  void shouldWriteTimestampsWithExactlyThreeDecimals() {
    assertThat(timestampOf(1672531200.1)).isEqualTo("1672531200.100");
    assertThat(timestampOf(1672531200.0)).isEqualTo("1672531200.000");
    assertThat(timestampOf(0)).isEqualTo("0.000");
    assertThat(timestampOf(0.005)).isEqualTo("0.005");
    assertThat(timestampOf(-0.005)).isEqualTo("-0.005");
    assertThat(timestampOf(-1.5)).isEqualTo("-1.500");
    assertThat(timestampOf(Double.NaN)).isEqualTo("0.000");
    assertThat(timestampOf(Double.POSITIVE_INFINITY)).isEqualTo("9223372036854775.807");
    assertThat(timestampOf(Double.NEGATIVE_INFINITY)).isEqualTo("-9223372036854775.808");
  }

  /** The bytes are those the Jackson generator this writer replaced wrote (kept below as the reference). */
  @Test
  void shouldWriteWhatTheJacksonGeneratorWroteForAnyStringAndTimestamp() {
    List<String> strings = new ArrayList<>(List.of("", "plain", "quote \" and \\ backslash", "/slash/",
        "tab\tnewline\nreturn\rback\bfeed\f", "nul\0 bell\u0007 esc\u001b unit\u001f del\u007f",
        "latin é ß ÿ", "unicode ✓ 日本語", "emoji 😀 pair", "mixed \"é\"\n✓\u0001", "\u0080\u00a0\u2028\u2029",
        "x".repeat(300), "mattermost://channel/c1/posts"));
    Random random = new Random(12);
    for (int i = 0; i < 500; i++) {
      strings.add(randomString(random));
    }
    List<Double> timestamps = new ArrayList<>(List.of(0.0, -0.0, 0.0004, 0.0005, 0.001, 0.1, 0.999, 0.9995, 1.0,
        -1.0, -0.001, -0.0006, 1672531200.0, 1672531200.1, 1672531200.12, 1672531200.123, 1672531200.1234,
        1672531200.9999, -1672531200.123, 1e15, 9.2e15, 1e300, -1e300, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    for (int i = 0; i < 200; i++) {
      timestamps.add((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(16)));
    }
    String data = "{\"post\":{\"message\":\"é ✓ \\n\"},\"n\":1}";
    int checked = 0;
    for (int i = 0; i < strings.size(); i++) {
      String a = strings.get(i);
      String b = strings.get((i + 1) % strings.size());
      String c = strings.get((i + 7) % strings.size());
      double ts = timestamps.get(i % timestamps.size());
      check(update(a, b, c, data, ts));
      check(update(c, a, b, "{}", timestamps.get((i * 3) % timestamps.size())));
      checked += 2;
    }
    for (double ts : timestamps) {
      check(update("e", "u", "t", "{}", ts));
      checked++;
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void shouldEncodeAnUnpairedSurrogateAsTheJdkDoes() {
    ResourceUpdate u = update("lone \ud800 high", "low \udc00", "t", "{}", 1.0);
    // the old generator kept it in the String; every transport's UTF-8 encoding made it '?', which is what we write
    assertThat(ResourceUpdateJson.utf8(u)).isEqualTo(reference(u).getBytes(StandardCharsets.UTF_8));
    assertThat(ResourceUpdateJson.write(u)).contains("lone ? high").contains("low ?");
  }

  private static void check(ResourceUpdate u) {
    String expected = reference(u);
    assertThat(ResourceUpdateJson.utf8(u)).as(expected).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    assertThat(ResourceUpdateJson.write(u)).isEqualTo(expected);
  }

  private static String timestampOf(double ts) {
    JsonNode tree = ResourceUpdateJson.read(ResourceUpdateJson.write(update("e", "u", "t", "{}", ts)));
    String json = ResourceUpdateJson.write(update("e", "u", "t", "{}", ts));
    assertThat(tree.get("timestamp").isNumber()).isTrue();
    return json.substring(json.indexOf("\"timestamp\":") + 12, json.indexOf(",\"event_id\""));
  }

  /** Characters from every class the escaping rules treat differently, surrogate pairs kept whole. */
  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0 -> s.append((char) random.nextInt(0x20));
        case 1 -> s.append("\"\\/".charAt(random.nextInt(3)));
        case 2 -> s.append((char) (0x20 + random.nextInt(0x60)));
        case 3 -> s.append((char) (0x80 + random.nextInt(0x780)));
        case 4 -> s.append((char) (0x800 + random.nextInt(0xD000)));
        default -> s.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
      }
    }
    return s.toString();
  }

  private static ResourceUpdate update(String eventId, String uri, String type, String data, double ts) {
    return ResourceUpdate.newBuilder().setEventId(eventId).setResourceUri(uri).setUpdateType(type)
        .setDataJson(data).setTimestamp(ts).build();
  }

  /** The writer ResourceUpdateJson had before it wrote bytes itself: Jackson's generator into a StringWriter. */
  private static String reference(ResourceUpdate u) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("resource_uri", u.getResourceUri());
      g.writeStringField("update_type", u.getUpdateType());
      g.writeFieldName("data");
      g.writeRawValue(u.getDataJson());
      g.writeFieldName("timestamp");
      g.writeNumber(new BigDecimal(Math.round(u.getTimestamp() * 1000)).movePointLeft(3));
      g.writeStringField("event_id", u.getEventId());
      g.writeEndObject();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toString();
  }
}
