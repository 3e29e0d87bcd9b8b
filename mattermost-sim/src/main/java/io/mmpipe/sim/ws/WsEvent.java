package io.mmpipe.sim.ws;

import io.mmpipe.sim.model.Shapes;
import java.util.Map;

/**
 * One server event before it gets a per-connection seq. {@code data} already holds Mattermost's JSON-string
 * fields as strings; the JSON of data and broadcast is rendered once and shared by every recipient.
 */
public record WsEvent(String event, Map<String, Object> data, Broadcast broadcast, String dataJson,
                      String broadcastJson) {

  public static WsEvent of(String event, Map<String, Object> data, Broadcast broadcast) {
    return new WsEvent(event, data, broadcast, Shapes.toJson(data), Shapes.toJson(broadcast.toMap()));
  }

  /** Events a connection loses first when its send queue is half full, as on the real server. */
  public boolean droppableUnderPressure() {
    return event.equals("typing") || event.equals("status_change") || event.equals("multiple_channels_viewed");
  }

  /** Events the presence action filters by active channel. */
  public boolean filteredByPresence() {
    return event.equals("typing") || event.equals("reaction_added") || event.equals("reaction_removed");
  }
}
