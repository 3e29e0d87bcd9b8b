package io.mmpipe.sim;

import java.util.List;

/**
 * What tests, the load generator and the demo drive: the simulated Mattermost's data and the actions of its users.
 * Every action updates the REST-visible state and broadcasts the WebSocket events a real server would send, in the
 * same order. Implemented by {@link io.mmpipe.sim.world.LockedWorld}.
 */
public interface WorldControls {

  String teamId();

  /** Channels the bot is a member of, direct and group messages included. */
  List<String> botChannelIds();

  /** Non-bot users. */
  List<String> userIds();

  /** The user's seeded personal access token (still answered after it was revoked). */
  String tokenOf(String userId);

  /** A user's id by username; 404 ApiException when there is none. */
  String userIdByUsername(String username);

  /** A channel's id by name (team channels) ; 404 ApiException when there is none. */
  String channelIdByName(String name);

  /** Live channels the user is a member of: public, private, direct and group messages. */
  List<String> memberChannelIds(String userId);

  /** The two demo identities (alice, bob): passwords, seeded tokens and what each may read. */
  List<DemoUser> demoUsers();

  /** Logs a user in as POST /users/login does; returns the session token (the {@code Token} header). */
  String login(String loginId, String password);

  /** A new personal access token for the user, as its owner creating it over REST would get it. */
  String createAccessToken(String userId, String description);

  SimPost createPost(String userId, String channelId, String message);

  SimPost createReply(String userId, String rootId, String message);

  /**
   * A root post written with an earlier {@code create_at} (update_at the same), as Mattermost's bulk import or a
   * system admin's {@code POST /posts} with {@code create_at} stores it; no WebSocket event, like an import. Gives
   * tests a channel history older than a catch-up horizon.
   */
  SimPost importPost(String userId, String channelId, String message, long createAt);

  SimPost createPostWithFile(String userId, String channelId, String message, String fileName, String mimeType,
      long size);

  /** Stores an edit-history row (original_id = the post, delete_at set) as a real Mattermost does. */
  SimPost editPost(String postId, String newMessage);

  /** Deleting a root deletes its replies too, with ONE WebSocket event (for the root). */
  void deletePost(String postId);

  void addReaction(String userId, String postId, String emoji);

  void removeReaction(String userId, String postId, String emoji);

  void setStatus(String userId, String status);

  void typing(String userId, String channelId, String parentId);

  /** @param type 'O' (public) or 'P' (private) */
  String createChannel(String creatorId, String name, char type);

  String createDirectChannel(String userA, String userB);

  String createGroupChannel(List<String> userIds);

  void addMember(String channelId, String userId);

  void removeMember(String channelId, String userId);

  void updateChannel(String channelId, String displayName);

  void deleteChannel(String channelId);

  /**
   * The user opens the channel (POST /channels/members/{user_id}/view): stores its last_viewed_at and sends the
   * user's connections {@code multiple_channels_viewed} with {@code channel_times}. Not a post change.
   */
  void viewChannel(String userId, String channelId);

  /** Gives a user one more personal access token (as Mattermost's user access tokens); the first one stays valid. */
  void addAccessToken(String userId, String token);

  /**
   * Revokes a token, as deleting a session or a user access token does: REST answers it 401 and a WebSocket
   * presenting it is upgraded, then hears nothing and is closed. Sockets already open on it stay open but fall
   * silent, as on the real server: no more events, and every action answers FAIL
   * {@code api.web_socket_router.not_authenticated.app_error} (drop them with
   * {@link FaultControls#dropConnections()} to make the client reconnect).
   */
  void revokeAccessToken(String token);

  /**
   * The post and reaction changes kept, in order: every one made, up to the change log's limit
   * ({@link SimConfig#changeLogLimit()}, the most recent ones past it). Index {@code i} of this list is change
   * {@code changeCount() - changes().size() + i}.
   */
  List<SimChange> changes();

  /** How many changes were ever made: the index the next one gets (indexes stay put when old changes are dropped). */
  long changeCount();

  /**
   * The changes from index {@code index} on ({@link #changeCount()} taken earlier); an {@link IllegalStateException}
   * when some of them were dropped (the log keeps the most recent {@link SimConfig#changeLogLimit()}).
   */
  List<SimChange> changesSince(long index);
}
