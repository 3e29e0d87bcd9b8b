package io.mmpipe.streams.updates;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.function.Supplier;

/** Builds ResourceUpdates in the shape of DESIGN.md "ResourceUpdate": one place for URIs, timestamps and ids. */
public final class Updates {

  public static final String NEW_CHANNEL_POSTS = "mattermost://new_channel_posts";
  public static final String POST_CHANGES = "mattermost://post_changes";
  public static final String REACTIONS = "mattermost://reactions";
  public static final String USER_STATUS = "mattermost://user_status";
  public static final String CHANNEL_MEMBERSHIP = "mattermost://channel_membership";
  public static final String TYPING = "mattermost://typing";
  public static final String FILES = "mattermost://files";

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Updates() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A candidate whose body is built only if the dedupe stage lets it pass; {@code data} must read only values that
   * no later step changes (the source event, immutable state snapshots).
   *
   * @param changeTimeMs the Mattermost time of the change (ms); subscribers see it as seconds with a ms fraction
   */
  public static Candidate update(String eventId, String resource, String type, Body data,
      long changeTimeMs, String channelId, String teamId, String userId, RawEvent source) {
    return new Candidate(eventId, type, source.getObservedAt(),
        () -> encode(eventId, resource, type, data, changeTimeMs, channelId, teamId, userId, source));
  }

  /** data_json written by a generator: the body of an update, streamed without building a tree. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** A body built as a tree, for the rarer updates where that reads better than a generator. */
  public static Body tree(Supplier<ObjectNode> node) {
    return g -> g.writeTree(node.get());
  }

  private static ResourceUpdate encode(String eventId, String resource, String type, Body data,
      long changeTimeMs, String channelId, String teamId, String userId, RawEvent source) {
    StringWriter json = new StringWriter(512);
    try (JsonGenerator g = MAPPER.createGenerator(json)) {
      data.write(g);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write update data of " + eventId, e);
    }
    return ResourceUpdate.newBuilder()
        .setEventId(eventId)
        .setResourceUri(resource)
        .setUpdateType(type)
        .setDataJson(json.toString())
        .setTimestamp(changeTimeMs / 1000.0)
        .setChannelId(emptyToNull(channelId))
        .setTeamId(teamId)
        .setUserId(emptyToNull(userId))
        .setObservedAt(source.getObservedAt())
        .build();
  }

  /** The change time, falling back to the ingestor's clock when Mattermost sent none. */
  public static long timeOr(long mattermostTime, RawEvent source) {
    return mattermostTime > 0 ? mattermostTime : source.getObservedAt();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
