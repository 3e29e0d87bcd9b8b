package io.mmpipe.sim.world;

import io.mmpipe.sim.DemoUser;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.sim.model.AccessToken;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.model.Store;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.ws.Audience;
import io.mmpipe.sim.ws.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The implementation of {@link WorldControls}: the simulated Mattermost's state and its users' actions. One lock (this
 * object's) serialises every action, so each change gets a strictly larger timestamp, the REST state and the WebSocket
 * events agree, and every connection sees events in the same order. The actions themselves live in one class per
 * subject (posts, reactions, channels); this class is the locked front door.
 */
public final class LockedWorld implements WorldControls, Audience {

  private static final Set<String> STATUSES = Set.of("online", "away", "dnd", "offline");

  private final ActionContext w;
  private final PostActions posts;
  private final ReactionActions reactions;
  private final ChannelActions channels;
  private final Identities identities;
  private final String botId;

  public LockedWorld(long seed, boolean botIsAdmin, SimClock clock, EventSink sink) {
    this(seed, botIsAdmin, clock, sink, ChangeLog.DEFAULT_LIMIT);
  }

  /** @param changeLogLimit how many of the most recent changes the change log keeps ({@link ChangeLog}) */
  public LockedWorld(long seed, boolean botIsAdmin, SimClock clock, EventSink sink, int changeLogLimit) {
    this.w = new ActionContext(new Ids(seed), new Ids(seed ^ 0x70cc3e5L), clock, sink, changeLogLimit);
    this.identities = new Identities(w);
    this.posts = new PostActions(w);
    this.reactions = new ReactionActions(w);
    this.channels = new ChannelActions(w);
    this.botId = Seeder.plant(w, botIsAdmin);
  }

  public String botUserId() {
    return botId;
  }

  public SimClock clock() {
    return w.clock;
  }

  /** Runs a read against a consistent snapshot of the store. */
  public synchronized <T> T read(Function<Store, T> query) {
    return query.apply(w.store);
  }

  // ---- WorldControls: identity

  @Override
  public String teamId() {
    return w.store.teamId();
  }

  @Override
  public synchronized List<String> botChannelIds() {
    return w.store.channels().stream().filter(c -> c.deleteAt() == 0 && c.isMember(botId)).map(Channel::id)
        .toList();
  }

  @Override
  public synchronized List<String> userIds() {
    return w.store.users().stream().filter(u -> !u.isBot()).map(User::id).toList();
  }

  @Override
  public synchronized String tokenOf(String userId) {
    w.user(userId);
    return w.store.tokenOf(userId);
  }

  @Override
  public synchronized void addAccessToken(String userId, String token) {
    w.user(userId);
    if (token == null || !token.matches("[\\x21-\\x7e]{8,128}")) {
      throw new IllegalArgumentException("an access token is 8 to 128 visible ASCII characters");
    }
    w.store.tokens().add(new AccessToken(w.tokenIds.next(), token, userId, "added", true));
  }

  @Override
  public synchronized void revokeAccessToken(String token) {
    if (!w.store.tokens().remove(token)) {
      throw new IllegalArgumentException("no such token");
    }
  }

  @Override
  public synchronized String userIdByUsername(String username) {
    return w.store.users().stream().filter(u -> u.username().equals(username)).map(User::id).findFirst()
        .orElseThrow(() -> new ApiException(404, "app.user.missing_account.const", "no user " + username));
  }

  @Override
  public synchronized String channelIdByName(String name) {
    return w.store.channels().stream().filter(c -> c.name().equals(name)).map(Channel::id).findFirst()
        .orElseThrow(() -> new ApiException(404, "app.channel.get_by_name.missing.app_error", "no channel " + name));
  }

  @Override
  public synchronized List<String> memberChannelIds(String userId) {
    w.user(userId);
    return w.store.channels().stream().filter(c -> c.deleteAt() == 0 && c.isMember(userId)).map(Channel::id)
        .toList();
  }

  @Override
  public synchronized List<DemoUser> demoUsers() {
    List<DemoUser> out = new ArrayList<>();
    for (String name : SeedData.DEMO_USERS) {
      String id = userIdByUsername(name);
      List<String> ids = memberChannelIds(id);
      List<String> labels = ids.stream().map(c -> label(w.channel(c))).toList();
      out.add(new DemoUser(id, name, SeedData.password(name), w.store.tokenOf(id), ids, labels));
    }
    return out;
  }

  /**
   * How a person would name the channel: ~name, or the other members of a direct or group message; marks the ones
   * the bot is not in, since nothing of those reaches the pipeline.
   */
  private String label(Channel c) {
    String kind = switch (c.type()) {
      case 'O' -> "public";
      case 'P' -> "private";
      case 'D' -> "direct";
      default -> "group";
    };
    String name = c.isDirectOrGroup()
        ? String.join(", ", c.members().stream().map(m -> "@" + w.user(m).username()).sorted().toList())
        : "~" + c.name();
    return name + " (" + kind + (c.isMember(botId) ? "" : ", the bot is not a member") + ")";
  }

  /** The REST path: the whole session (its id, token and user). */
  public synchronized AccessToken loginSession(String loginId, String password) {
    return identities.login(loginId, password);
  }

  @Override
  public synchronized String login(String loginId, String password) {
    return identities.login(loginId, password).token();
  }

  @Override
  public synchronized String createAccessToken(String userId, String description) {
    return identities.createPersonal(w.user(userId), userId, description).token();
  }

  /** The REST path: the caller's permissions decide. */
  public synchronized AccessToken createAccessToken(User caller, String userId, String description) {
    return identities.createPersonal(caller, userId, description);
  }

  public synchronized List<AccessToken> accessTokensOf(User caller, String userId) {
    return identities.personalOf(caller, userId);
  }

  public synchronized void revokeAccessTokenById(User caller, String tokenId) {
    identities.revokePersonal(caller, tokenId);
  }

  public synchronized void logout(String token) {
    identities.logout(token);
  }

  public synchronized User userByToken(String token) {
    return token == null ? null : w.store.userByToken(token).orElse(null);
  }

  public synchronized Channel channel(String channelId) {
    return w.channel(channelId);
  }

  // ---- WorldControls: posts

  @Override
  public SimPost createPost(String userId, String channelId, String message) {
    return post(userId, channelId, "", message, List.of());
  }

  @Override
  public synchronized SimPost importPost(String userId, String channelId, String message, long createAt) {
    return view(posts.imported(userId, channelId, message, createAt));
  }

  @Override
  public synchronized SimPost createReply(String userId, String rootId, String message) {
    PostRow root = w.livePost(rootId);
    String realRoot = root.isRoot() ? root.id() : root.rootId();
    return post(userId, root.channelId(), realRoot, message, List.of());
  }

  @Override
  public synchronized SimPost createPostWithFile(String userId, String channelId, String message, String fileName,
      String mimeType, long size) {
    String fileId = posts.upload(userId, channelId, fileName, mimeType, size);
    return post(userId, channelId, "", message, List.of(fileId));
  }

  /** Stores an uploaded file with its bytes (the REST POST /files path); the user must be a channel member. */
  public synchronized String uploadFile(String userId, String channelId, String fileName, String mimeType,
      byte[] content) {
    return posts.upload(userId, channelId, fileName, mimeType, content.length, content);
  }

  /** Creates a post or reply (the REST POST /posts path); file ids must be uploaded files of this user. */
  public synchronized SimPost post(String userId, String channelId, String rootId, String message,
      List<String> fileIds) {
    return view(posts.post(userId, channelId, rootId, message, fileIds));
  }

  @Override
  public synchronized SimPost editPost(String postId, String newMessage) {
    return view(posts.edit(postId, newMessage));
  }

  @Override
  public synchronized void deletePost(String postId) {
    deletePostAs(postId, null);
  }

  /** Deletes a post (and a root's replies); {@code deleterId} null means the author. */
  public synchronized void deletePostAs(String postId, String deleterId) {
    posts.delete(postId, deleterId);
  }

  // ---- WorldControls: reactions

  @Override
  public synchronized void addReaction(String userId, String postId, String emoji) {
    reactions.add(userId, postId, emoji);
  }

  @Override
  public synchronized void removeReaction(String userId, String postId, String emoji) {
    reactions.remove(userId, postId, emoji);
  }

  // ---- WorldControls: presence

  @Override
  public synchronized void setStatus(String userId, String status) {
    w.user(userId);
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ": " + status);
    }
    w.store.setStatus(userId, status);
    w.events.statusChange(userId, status);
  }

  @Override
  public synchronized void typing(String userId, String channelId, String parentId) {
    w.requireMember(channelId, userId);
    w.events.typing(userId, channelId, parentId == null ? "" : parentId);
  }

  // ---- WorldControls: channels

  @Override
  public synchronized String createChannel(String creatorId, String name, char type) {
    return channels.create(creatorId, name, type);
  }

  /** The REST path: the name must be free in the team (400 AppError otherwise). */
  public synchronized String createChannel(String creatorId, String name, String displayName, char type) {
    return channels.createUnique(creatorId, name, displayName, type);
  }

  /** The most channels {@link #ensureLoadChannels} makes the bot a member of. */
  public static final int MAX_LOAD_CHANNELS = 1000;

  /**
   * Makes the bot a member of at least {@code count} channels the load generator can use (live, with a human member;
   * the load picks the first ones of {@link #botChannelIds()}): the seeded world has a few, the rest are created as
   * public channels {@code load-<n>} with the bot and every human user as members. Idempotent: channels already
   * there count. Returns the ids of the first {@code count} usable channels, in the order the load picks them.
   */
  public synchronized List<String> ensureLoadChannels(int count) {
    if (count < 1 || count > MAX_LOAD_CHANNELS) {
      throw new IllegalArgumentException("count must be 1 to " + MAX_LOAD_CHANNELS + " (was " + count + ")");
    }
    List<String> usable = new ArrayList<>(loadChannelIds());
    List<String> humans = userIds();
    for (int n = 1; usable.size() < count; n++) {
      String name = "load-" + n;
      if (w.store.channels().stream().anyMatch(c -> c.name().equals(name))) {
        continue;
      }
      String id = channels.create(botId, name, 'O');
      humans.forEach(u -> channels.addMember(id, u));
      usable.add(id); // the store keeps channels in creation order, so a new one comes last

    }
    return List.copyOf(usable.subList(0, count));
  }

  /** The bot's live channels with at least one human member, in {@link #botChannelIds()} order. */
  private List<String> loadChannelIds() {
    return w.store.channels().stream().filter(c -> c.deleteAt() == 0 && c.isMember(botId))
        .filter(c -> c.members().stream().anyMatch(u -> !w.user(u).isBot())).map(Channel::id).toList();
  }

  @Override
  public synchronized String createDirectChannel(String userA, String userB) {
    return channels.direct(userA, userB);
  }

  @Override
  public synchronized String createGroupChannel(List<String> userIds) {
    return channels.group(userIds);
  }

  @Override
  public synchronized void addMember(String channelId, String userId) {
    channels.addMember(channelId, userId);
  }

  @Override
  public synchronized void removeMember(String channelId, String userId) {
    channels.removeMember(channelId, userId, userId);
  }

  /** The REST path: {@code removerId} is the caller, reported as remover_id. */
  public synchronized void removeMember(String channelId, String userId, String removerId) {
    channels.removeMember(channelId, userId, removerId);
  }

  @Override
  public synchronized void updateChannel(String channelId, String displayName) {
    channels.update(channelId, displayName);
  }

  @Override
  public synchronized void deleteChannel(String channelId) {
    channels.delete(channelId);
  }

  @Override
  public synchronized void viewChannel(String userId, String channelId) {
    channels.view(userId, channelId);
  }

  // ---- the change log

  @Override
  public synchronized List<SimChange> changes() {
    return w.changes.kept();
  }

  @Override
  public synchronized List<SimChange> changesSince(long index) {
    return w.changes.since(index);
  }

  @Override
  public synchronized long changeCount() {
    return w.changes.end();
  }

  /**
   * At most {@code limit} changes from {@code index} on (none when the index is at or past the end); the page says
   * when changes from {@code index} on were dropped. Copied under the lock: its cost is bounded by {@code limit}.
   */
  public synchronized ChangeLog.Page changesFrom(long index, int limit) {
    return w.changes.page(index, limit);
  }

  // ---- Audience (the hub routes events with these, under this lock)

  @Override
  public synchronized boolean isChannelMember(String channelId, String userId) {
    return w.store.channel(channelId).map(c -> c.isMember(userId)).orElse(false);
  }

  @Override
  public boolean isTeamMember(String teamId, String userId) {
    return teamId.equals(w.store.teamId()); // one team, every user in it
  }

  @Override
  public synchronized boolean isAdmin(String userId) {
    return w.store.user(userId).map(User::admin).orElse(false);
  }

  // ---- lookups for the REST layer

  public synchronized User user(String userId) {
    return w.user(userId);
  }

  /** A post that exists and is not deleted (nor an edit-history row). */
  public synchronized PostRow livePost(String postId) {
    return w.livePost(postId);
  }

  public synchronized SimPost simPost(String postId) {
    return w.store.post(postId).map(LockedWorld::view).orElseThrow(() -> ApiException.notFound("post"));
  }

  /** The public view of a row. */
  static SimPost view(PostRow p) {
    return new SimPost(p.id(), p.channelId(), p.userId(), p.rootId(), p.message(), p.createAt(), p.updateAt(),
        p.editAt(), p.deleteAt());
  }
}
