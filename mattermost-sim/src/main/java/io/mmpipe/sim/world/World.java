package io.mmpipe.sim.world;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.SimWorld;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.FileInfo;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.Reaction;
import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.model.Store;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.ws.Audience;
import io.mmpipe.sim.ws.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The simulated Mattermost's state and its users' actions. One lock serialises every action, so each change gets a
 * strictly larger timestamp, the REST state and the WebSocket events agree, and every connection sees events in
 * the same order.
 */
public final class World implements SimWorld, Audience {

  private static final Pattern EMOJI = Pattern.compile("^[a-zA-Z0-9\\-+_]+$");
  private static final Set<String> STATUSES = Set.of("online", "away", "dnd", "offline");

  private final Store store = new Store();
  private final Ids ids;
  private final SimClock clock;
  private final Events events;
  private final List<SimChange> changes = new ArrayList<>();
  private final String botId;

  public World(long seed, boolean botIsAdmin, SimClock clock, EventSink sink) {
    this.ids = new Ids(seed);
    this.clock = clock;
    this.events = new Events(store, sink);
    this.botId = seed(botIsAdmin);
  }

  private String seed(boolean botIsAdmin) {
    long t = clock.next();
    store.setTeam(ids.next(), SeedData.TEAM, t);
    String bot = ids.next();
    store.putUser(new User(bot, SeedData.BOT, "mmpipe", "bot", SeedData.BOT + "@localhost", true, botIsAdmin, t),
        ids.next());
    List<String> humans = new ArrayList<>();
    for (String name : SeedData.USERS) {
      String id = ids.next();
      String first = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      store.putUser(new User(id, name, first, "Example", name + "@acme.example", false, false, t), ids.next());
      humans.add(id);
    }
    List<String> everyone = new ArrayList<>(humans);
    everyone.add(bot);
    for (String name : SeedData.PUBLIC_WITH_BOT) {
      addSeedChannel('O', name, SeedData.displayName(name), bot, everyone, t);
    }
    List<String> ops = new ArrayList<>(List.of(bot));
    for (String n : SeedData.PRIVATE_MEMBERS) {
      ops.add(humans.get(SeedData.USERS.indexOf(n)));
    }
    addSeedChannel('P', SeedData.PRIVATE, "Ops", bot, ops, t);
    addSeedChannel('D', bot + "__" + humans.get(0), "", bot, List.of(bot, humans.get(0)), t);
    addSeedChannel('G', ids.next(), "alice, bob, mmpipe-bot", bot, List.of(bot, humans.get(0), humans.get(1)), t);
    addSeedChannel('O', SeedData.PUBLIC_WITHOUT_BOT, "Random", humans.get(0), humans, t);
    return bot;
  }

  private void addSeedChannel(char type, String name, String display, String creator, List<String> members,
      long t) {
    String team = type == 'D' || type == 'G' ? "" : store.teamId();
    store.putChannel(new Channel(ids.next(), team, type, name, display, creator, t, t, 0, t, 0, Set.copyOf(members)));
  }

  public String botUserId() {
    return botId;
  }

  public SimClock clock() {
    return clock;
  }

  /** Runs a read against a consistent snapshot of the store. */
  public synchronized <T> T read(Function<Store, T> query) {
    return query.apply(store);
  }

  // ---- SimWorld: identity

  @Override
  public String teamId() {
    return store.teamId();
  }

  @Override
  public synchronized List<String> botChannelIds() {
    return store.channels().stream().filter(c -> c.deleteAt() == 0 && c.isMember(botId)).map(Channel::id).toList();
  }

  @Override
  public synchronized List<String> userIds() {
    return store.users().stream().filter(u -> !u.isBot()).map(User::id).toList();
  }

  @Override
  public synchronized String tokenOf(String userId) {
    user(userId);
    return store.tokenOf(userId);
  }

  public synchronized User userByToken(String token) {
    return token == null ? null : store.userByToken(token).orElse(null);
  }

  public synchronized Channel channel(String channelId) {
    Channel c = store.channel(channelId).orElse(null);
    if (c == null) {
      throw new ApiException(404, "app.channel.get.existing.app_error", "channel " + channelId + " not found");
    }
    return c;
  }

  // ---- SimWorld: posts

  @Override
  public SimPost createPost(String userId, String channelId, String message) {
    return post(userId, channelId, "", message, List.of());
  }

  @Override
  public synchronized SimPost createReply(String userId, String rootId, String message) {
    PostRow root = livePost(rootId);
    String realRoot = root.isRoot() ? root.id() : root.rootId();
    return post(userId, root.channelId(), realRoot, message, List.of());
  }

  @Override
  public synchronized SimPost createPostWithFile(String userId, String channelId, String message, String fileName,
      String mimeType, long size) {
    requireMember(channelId, userId);
    String fileId = ids.next();
    int dot = fileName.lastIndexOf('.');
    String ext = dot >= 0 ? fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    store.putFile(new FileInfo(fileId, userId, "", channelId, fileName, ext, size, mimeType, clock.peek()));
    return post(userId, channelId, "", message, List.of(fileId));
  }

  /** Creates a post or reply (the REST POST /posts path); file ids must be uploaded files of this user. */
  public synchronized SimPost post(String userId, String channelId, String rootId, String message,
      List<String> fileIds) {
    Channel channel = requireMember(channelId, userId);
    if (channel.deleteAt() > 0) {
      throw ApiException.forbidden();
    }
    PostRow root = null;
    if (!rootId.isEmpty()) {
      root = livePost(rootId);
      if (!root.channelId().equals(channelId) || !root.isRoot()) {
        throw new ApiException(400, "api.post.create_post.root_id.app_error", "Invalid RootId parameter.");
      }
    }
    long at = clock.next();
    PostRow row = PostRow.create(ids.next(), at, userId, channelId, rootId, message, fileIds);
    for (String fid : fileIds) {
      FileInfo f = store.file(fid).orElseThrow(() -> ApiException.badRequest("file_ids"));
      store.putFile(new FileInfo(f.id(), f.userId(), row.id(), channelId, f.name(), f.extension(), f.size(),
          f.mimeType(), f.createAt()));
    }
    store.insertPost(row);
    if (root != null) {
      // a new reply bumps its root (reply_count, last_reply_at, participants and update_at)
      store.updatePost(root.withReply(userId, at));
    }
    store.putChannel(channel.withPostAt(at));
    changes.add(new SimChange(root == null ? "post_created" : "reply_created", row.id(), channelId, userId, null,
        at));
    events.posted(channel, row, user(userId));
    return view(row);
  }

  @Override
  public synchronized SimPost editPost(String postId, String newMessage) {
    PostRow old = livePost(postId);
    long at = clock.next();
    // Mattermost keeps the previous version as a new row pointing at the post, deleted at the edit time
    store.insertPost(old.asHistory(ids.next(), at));
    PostRow edited = old.edited(newMessage, at);
    store.updatePost(edited);
    bumpRoot(edited, at);
    changes.add(new SimChange("post_edited", postId, old.channelId(), old.userId(), null, at));
    events.postEdited(edited);
    return view(edited);
  }

  @Override
  public synchronized void deletePost(String postId) {
    deletePostAs(postId, null);
  }

  /** Deletes a post (and a root's replies); {@code deleterId} null means the author. */
  public synchronized void deletePostAs(String postId, String deleterId) {
    PostRow before = livePost(postId);
    long at = clock.next();
    store.updatePost(before.deleted(at));
    changes.add(new SimChange("post_deleted", postId, before.channelId(), before.userId(), null, at));
    if (before.isRoot()) {
      for (PostRow reply : store.replies(postId)) {
        if (!reply.isDeleted()) {
          store.updatePost(reply.deleted(at));
          changes.add(new SimChange("post_deleted", reply.id(), reply.channelId(), reply.userId(), null, at));
        }
      }
    } else {
      store.post(before.rootId()).ifPresent(root -> store.updatePost(root.withReplyRemoved(at)));
    }
    events.postDeleted(before, deleterId == null ? before.userId() : deleterId);
  }

  // ---- SimWorld: reactions

  @Override
  public synchronized void addReaction(String userId, String postId, String emoji) {
    PostRow post = livePost(postId);
    requireMember(post.channelId(), userId);
    requireEmoji(emoji);
    Reaction existing = store.reaction(postId, userId, emoji).orElse(null);
    if (existing != null && existing.active()) {
      return; // already there: Mattermost saves nothing new and the state is unchanged
    }
    long at = clock.next();
    long createAt = existing == null ? at : existing.createAt();
    Reaction r = new Reaction(userId, postId, emoji, post.channelId(), createAt, at, 0);
    store.putReaction(r);
    store.updatePost(post.touched(at)); // a reaction bumps the post's update_at so since-polling sees it
    changes.add(new SimChange("reaction_added", postId, post.channelId(), userId, emoji, at));
    events.reaction("reaction_added", r, post.channelId());
  }

  @Override
  public synchronized void removeReaction(String userId, String postId, String emoji) {
    PostRow post = livePost(postId);
    Reaction existing = store.reaction(postId, userId, emoji).orElse(null);
    if (existing == null || !existing.active()) {
      return;
    }
    long at = clock.next();
    store.putReaction(new Reaction(userId, postId, emoji, existing.channelId(), existing.createAt(), at, at));
    store.updatePost(post.touched(at));
    changes.add(new SimChange("reaction_removed", postId, post.channelId(), userId, emoji, at));
    // the removed event carries create_at 0, update_at now, delete_at 0 and no channel id, as the server sends it
    events.reaction("reaction_removed", new Reaction(userId, postId, emoji, "", 0, at, 0), post.channelId());
  }

  // ---- SimWorld: presence

  @Override
  public synchronized void setStatus(String userId, String status) {
    user(userId);
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ": " + status);
    }
    store.setStatus(userId, status);
    events.statusChange(userId, status);
  }

  @Override
  public synchronized void typing(String userId, String channelId, String parentId) {
    requireMember(channelId, userId);
    events.typing(userId, channelId, parentId == null ? "" : parentId);
  }

  // ---- SimWorld: channels

  @Override
  public synchronized String createChannel(String creatorId, String name, char type) {
    user(creatorId);
    if (type != 'O' && type != 'P') {
      throw new IllegalArgumentException("type must be O or P: " + type);
    }
    long at = clock.next();
    Channel c = new Channel(ids.next(), store.teamId(), type, name, SeedData.displayName(name), creatorId, at, at, 0,
        at, 0, Set.of(creatorId));
    store.putChannel(c);
    events.channelCreated(c);
    return c.id();
  }

  @Override
  public synchronized String createDirectChannel(String userA, String userB) {
    user(userA);
    user(userB);
    String name = userA.compareTo(userB) < 0 ? userA + "__" + userB : userB + "__" + userA;
    for (Channel c : store.channels()) {
      if (c.type() == 'D' && c.name().equals(name)) {
        return c.id();
      }
    }
    long at = clock.next();
    Channel c = new Channel(ids.next(), "", 'D', name, "", userA, at, at, 0, at, 0, Set.of(userA, userB));
    store.putChannel(c);
    events.directAdded(c, userA, userB);
    return c.id();
  }

  @Override
  public synchronized String createGroupChannel(List<String> userIds) {
    if (userIds.size() < 3) {
      throw new IllegalArgumentException("a group message needs at least 3 users");
    }
    List<String> names = new ArrayList<>();
    userIds.forEach(u -> names.add(user(u).username()));
    long at = clock.next();
    Channel c = new Channel(ids.next(), "", 'G', ids.next(), String.join(", ", names), userIds.get(0), at, at, 0, at,
        0, Set.copyOf(userIds));
    store.putChannel(c);
    events.groupAdded(c, userIds);
    return c.id();
  }

  @Override
  public synchronized void addMember(String channelId, String userId) {
    user(userId);
    Channel c = channel(channelId);
    if (c.isMember(userId)) {
      return;
    }
    Channel updated = c.withMember(userId, true, clock.next());
    store.putChannel(updated);
    events.userAdded(updated, userId);
  }

  @Override
  public synchronized void removeMember(String channelId, String userId) {
    Channel c = channel(channelId);
    if (!c.isMember(userId)) {
      return;
    }
    Channel updated = c.withMember(userId, false, clock.next());
    store.putChannel(updated);
    events.userRemoved(updated, userId, userId);
  }

  @Override
  public synchronized void updateChannel(String channelId, String displayName) {
    Channel updated = channel(channelId).withDisplayName(displayName, clock.next());
    store.putChannel(updated);
    events.channelUpdated(updated);
  }

  @Override
  public synchronized void deleteChannel(String channelId) {
    Channel c = channel(channelId);
    if (c.deleteAt() > 0) {
      return;
    }
    Channel deleted = c.deleted(clock.next());
    store.putChannel(deleted);
    events.channelDeleted(deleted);
  }

  @Override
  public synchronized List<SimChange> changes() {
    return List.copyOf(changes);
  }

  public synchronized List<SimChange> changesFrom(int index) {
    int from = Math.max(0, Math.min(index, changes.size()));
    return List.copyOf(changes.subList(from, changes.size()));
  }

  public synchronized int changeCount() {
    return changes.size();
  }

  // ---- Audience (the hub routes events with these, under this lock)

  @Override
  public synchronized boolean isChannelMember(String channelId, String userId) {
    return store.channel(channelId).map(c -> c.isMember(userId)).orElse(false);
  }

  @Override
  public boolean isTeamMember(String teamId, String userId) {
    return teamId.equals(store.teamId()); // one team, every user in it
  }

  @Override
  public synchronized boolean isAdmin(String userId) {
    return store.user(userId).map(User::admin).orElse(false);
  }

  // ---- helpers

  public synchronized User user(String userId) {
    return store.user(userId).orElseThrow(
        () -> new ApiException(404, "app.user.missing_account.const", "user " + userId + " not found"));
  }

  /** A post that exists and is not deleted (nor an edit-history row). */
  public synchronized PostRow livePost(String postId) {
    PostRow p = store.post(postId).orElse(null);
    if (p == null || p.isDeleted() || p.isHistory()) {
      throw new ApiException(404, "app.post.get.app_error", "post " + postId + " not found");
    }
    return p;
  }

  private Channel requireMember(String channelId, String userId) {
    user(userId);
    Channel c = channel(channelId);
    if (!c.isMember(userId)) {
      throw ApiException.forbidden();
    }
    return c;
  }

  private static void requireEmoji(String emoji) {
    if (emoji == null || emoji.length() > 64 || !EMOJI.matcher(emoji).matches()) {
      throw ApiException.badRequest("emoji_name");
    }
  }

  /** A reply's edit or delete bumps its root's update_at (a since poll of the root sees the thread moved). */
  private void bumpRoot(PostRow p, long at) {
    if (!p.isRoot()) {
      store.post(p.rootId()).ifPresent(root -> store.updatePost(root.touched(at)));
    }
  }

  /** The public view of a row. */
  static SimPost view(PostRow p) {
    return new SimPost(p.id(), p.channelId(), p.userId(), p.rootId(), p.message(), p.createAt(), p.updateAt(),
        p.editAt(), p.deleteAt());
  }

  public synchronized SimPost simPost(String postId) {
    return store.post(postId).map(World::view).orElseThrow(() -> ApiException.notFound("post"));
  }
}
