package io.mmpipe.analytics.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.schemas.avro.ResourceUpdate;

/** Reads what activity needs from an update of mm.updates (DESIGN.md "ResourceUpdate": resources and types). */
public final class UpdateKinds {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UpdateKinds() {}

  public static Activity.Kind kind(ResourceUpdate u) {
    return switch (u.getResourceUri() + " " + u.getUpdateType()) {
      case "mattermost://new_channel_posts created" -> Activity.Kind.MESSAGE;
      case "mattermost://post_changes edited" -> Activity.Kind.EDIT;
      case "mattermost://post_changes deleted" -> Activity.Kind.DELETE;
      case "mattermost://reactions reaction_added" -> Activity.Kind.REACTION_ADDED;
      case "mattermost://reactions reaction_removed" -> Activity.Kind.REACTION_REMOVED;
      default -> Activity.Kind.OTHER;
    };
  }

  /** The emoji of a reaction update ({@code data.emoji_name}), or null when the data does not name one. */
  public static String emoji(ResourceUpdate u) {
    try {
      JsonNode name = JSON.readTree(u.getDataJson()).get("emoji_name");
      return name != null && name.isTextual() && !name.asText().isEmpty() ? name.asText() : null;
    } catch (java.io.IOException e) {
      return null; // the reaction still counts; only its emoji is unknown
    }
  }

  /** The change's Mattermost time (ms): the update's timestamp, in seconds with a millisecond fraction. */
  public static long changeTimeMs(ResourceUpdate u) {
    return Math.round(u.getTimestamp() * 1000);
  }
}
