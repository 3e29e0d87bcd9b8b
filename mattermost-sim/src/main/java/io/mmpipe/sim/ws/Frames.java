package io.mmpipe.sim.ws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.mmpipe.sim.model.Shapes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of server frames. Mattermost writes some frames with a space after each top-level colon and others
 * compact with a trailing newline (two serialisation paths); the simulator alternates by seq so clients that match
 * bytes instead of parsing JSON fail early.
 */
public final class Frames {

  /** One line, a space after each colon and comma: {@code {"event": "posted", "data": {...}, "seq": 2}}. */
  private static final PrettyPrinter SPACED = new MinimalPrettyPrinter() {
    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  };

  private Frames() {}

  /** Even seq: spaced; odd seq: compact with a trailing newline. */
  public static boolean spacedFor(long seq) {
    return seq % 2 == 0;
  }

  public static String event(String event, String dataJson, String broadcastJson, long seq) {
    return event(event, dataJson, broadcastJson, seq, spacedFor(seq));
  }

  /**
   * The event frame around data and broadcast already rendered as JSON (once per event, shared by every recipient):
   * they go in as raw values, so only the top-level separators differ between the two layouts.
   */
  public static String event(String event, String dataJson, String broadcastJson, long seq, boolean spaced) {
    StringWriter out = new StringWriter(dataJson.length() + broadcastJson.length() + 64);
    try (JsonGenerator g = Shapes.JSON.getFactory().createGenerator(out)) {
      if (spaced) {
        g.setPrettyPrinter(SPACED);
      }
      g.writeStartObject();
      g.writeStringField("event", event);
      g.writeFieldName("data");
      g.writeRawValue(dataJson);
      g.writeFieldName("broadcast");
      g.writeRawValue(broadcastJson);
      g.writeNumberField("seq", seq);
      g.writeEndObject();
      if (!spaced) {
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the frame of " + event, e); // a StringWriter does not fail
    }
    return out.toString();
  }

  public static WsEvent hello(String connectionId, String userId, String hostname, String version) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", connectionId);
    data.put("server_hostname", hostname);
    data.put("server_version", version);
    return WsEvent.of("hello", data, Broadcast.toUser(userId));
  }

  public static String ok(long seqReply, Map<String, Object> data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "OK");
    m.put("seq_reply", seqReply);
    if (data != null) {
      m.put("data", data);
    }
    return Shapes.toJson(m);
  }

  public static String fail(long seqReply, String errorId, String message, int statusCode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "FAIL");
    m.put("seq_reply", seqReply);
    m.put("error", Shapes.appError(statusCode, errorId, message, ""));
    return Shapes.toJson(m);
  }
}
