package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the server says about itself in {@code initialize} and {@code server/discover}. */
final class ServerInfo {

  static final String INSTRUCTIONS = "mmpipe serves a Mattermost server's live activity. Resources "
      + "mattermost://new_channel_posts, reactions, post_changes, typing, user_status, channel_membership and files "
      + "are live feeds: read one for its recent updates, subscribe to be notified of new ones. "
      + "mattermost://channels/{channel_id}/posts is one channel's recent updates. Without subscriptions, call "
      + "wait_for_updates with the resume_token of a read to long-poll for what comes next; pipeline_status reports "
      + "the pipeline's health and lag.";

  static final String LIST_CHANGED = "notifications/resources/list_changed";

  private ServerInfo() {}

  static ObjectNode capabilities() {
    ObjectNode c = JsonRpc.JSON.createObjectNode();
    // resources list channels as they become active (MattermostResources); tools and prompts are fixed for the life
    // of an instance, so no list_changed is promised for them
    c.putObject("resources").put("subscribe", true).put("listChanged", true);
    c.putObject("tools").put("listChanged", false);
    c.putObject("prompts").put("listChanged", false);
    c.putObject("logging");
    c.putObject("completions");
    return c;
  }

  /** The 2026-07-28 capabilities: the above plus the extensions served (Tasks, SEP-2663). */
  static ObjectNode modernCapabilities() {
    ObjectNode c = capabilities();
    c.putObject("extensions").putObject(Tasks.EXTENSION);
    return c;
  }

  static ObjectNode implementation(String version) {
    return JsonRpc.JSON.createObjectNode().put("name", "mmpipe").put("title", "mmpipe Mattermost bridge")
        .put("version", version);
  }
}
