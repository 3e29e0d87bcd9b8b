package io.mmpipe.sim.ws;

import io.mmpipe.sim.model.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of server frames. Mattermost writes some frames with a space after each top-level colon and others
 * compact with a trailing newline (two serialisation paths); the simulator alternates by seq so clients that match
 * bytes instead of parsing JSON fail early.
 */
public final class Frames {

  private Frames() {}

  /** Even seq: spaced; odd seq: compact with a trailing newline. */
  public static boolean spacedFor(long seq) {
    return seq % 2 == 0;
  }

  public static String event(String event, String dataJson, String broadcastJson, long seq) {
    return event(event, dataJson, broadcastJson, seq, spacedFor(seq));
  }

  public static String event(String event, String dataJson, String broadcastJson, long seq, boolean spaced) {
    String name = Shapes.toJson(event);
    if (spaced) {
      return "{\"event\": " + name + ", \"data\": " + dataJson + ", \"broadcast\": " + broadcastJson
          + ", \"seq\": " + seq + "}";
    }
    return "{\"event\":" + name + ",\"data\":" + dataJson + ",\"broadcast\":" + broadcastJson + ",\"seq\":" + seq
        + "}\n";
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
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("id", errorId);
    err.put("message", message);
    err.put("detailed_error", "");
    err.put("request_id", "");
    err.put("status_code", statusCode);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "FAIL");
    m.put("seq_reply", seqReply);
    m.put("error", err);
    return Shapes.toJson(m);
  }
}
