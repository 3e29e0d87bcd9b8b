package io.mmpipe.sim.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated database: users, one team, channels, post rows, reactions, files and statuses. Not thread-safe:
 * the world serialises every access, which also gives every change one global order.
 */
public final class Store {

  private final Map<String, User> users = new LinkedHashMap<>();
  private final Tokens tokens = new Tokens();
  private final Map<String, String> passwords = new HashMap<>(); // user id -> password (login)
  private final Map<String, String> statuses = new HashMap<>();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, PostRow> posts = new HashMap<>();
  private final Map<String, List<String>> postIdsByChannel = new HashMap<>(); // creation order, history included
  private final Map<String, List<String>> repliesByRoot = new HashMap<>();
  private final Map<String, Map<String, Reaction>> reactions = new HashMap<>(); // post -> user/emoji -> row
  private final Map<String, FileInfo> files = new HashMap<>();
  private final Map<String, byte[]> fileContents = new HashMap<>(); // only files uploaded over REST have bytes
  private final Map<String, Map<String, ThreadMember>> threadMembers = new HashMap<>(); // root -> user -> row
  private final Map<String, Long> lastViewed = new HashMap<>(); // channel/user -> last_viewed_at
  private String teamId = "";
  private String teamName = "";
  private long teamCreateAt;

  public void setTeam(String id, String name, long createAt) {
    this.teamId = id;
    this.teamName = name;
    this.teamCreateAt = createAt;
  }

  public String teamId() {
    return teamId;
  }

  public String teamName() {
    return teamName;
  }

  public long teamCreateAt() {
    return teamCreateAt;
  }

  /** A user with its first credential (a personal access token, as a bot's or an integration's). */
  public void putUser(User u, AccessToken token) {
    users.put(u.id(), u);
    tokens.add(token);
    statuses.put(u.id(), "online");
  }

  public Tokens tokens() {
    return tokens;
  }

  /** A password for POST /users/login; users without one (the bot) cannot log in. */
  public void setPassword(String userId, String password) {
    passwords.put(userId, password);
  }

  public Optional<String> password(String userId) {
    return Optional.ofNullable(passwords.get(userId));
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  public Collection<User> users() {
    return users.values();
  }

  public Optional<User> userByToken(String token) {
    return tokens.byToken(token).map(t -> users.get(t.userId()));
  }

  public String tokenOf(String userId) {
    return tokens.firstOf(userId);
  }

  public String status(String userId) {
    return statuses.getOrDefault(userId, "offline");
  }

  public void setStatus(String userId, String status) {
    statuses.put(userId, status);
  }

  public void putChannel(Channel c) {
    channels.put(c.id(), c);
  }

  public Optional<Channel> channel(String id) {
    return Optional.ofNullable(channels.get(id));
  }

  public Collection<Channel> channels() {
    return channels.values();
  }

  public void insertPost(PostRow p) {
    posts.put(p.id(), p);
    postIdsByChannel.computeIfAbsent(p.channelId(), k -> new ArrayList<>()).add(p.id());
    if (!p.isRoot() && !p.isHistory()) {
      repliesByRoot.computeIfAbsent(p.rootId(), k -> new ArrayList<>()).add(p.id());
    }
  }

  public void updatePost(PostRow p) {
    if (!posts.containsKey(p.id())) {
      throw new IllegalStateException("no post " + p.id());
    }
    posts.put(p.id(), p);
  }

  public Optional<PostRow> post(String id) {
    return Optional.ofNullable(posts.get(id));
  }

  /** Every row of the channel (history and deleted rows included), oldest first. */
  public List<PostRow> channelRows(String channelId) {
    List<PostRow> out = new ArrayList<>();
    for (String id : postIdsByChannel.getOrDefault(channelId, List.of())) {
      out.add(posts.get(id));
    }
    return out;
  }

  public List<PostRow> replies(String rootId) {
    List<PostRow> out = new ArrayList<>();
    for (String id : repliesByRoot.getOrDefault(rootId, List.of())) {
      out.add(posts.get(id));
    }
    return out;
  }

  public Optional<Reaction> reaction(String postId, String userId, String emoji) {
    return Optional.ofNullable(reactions.getOrDefault(postId, Map.of()).get(userId + "/" + emoji));
  }

  public void putReaction(Reaction r) {
    reactions.computeIfAbsent(r.postId(), k -> new LinkedHashMap<>()).put(r.userId() + "/" + r.emojiName(), r);
  }

  /** The reactions currently on a post (removed ones excluded). */
  public List<Reaction> activeReactions(String postId) {
    return reactions.getOrDefault(postId, Map.of()).values().stream().filter(Reaction::active).toList();
  }

  public void putFile(FileInfo f) {
    files.put(f.id(), f);
  }

  public Optional<FileInfo> file(String id) {
    return Optional.ofNullable(files.get(id));
  }

  public void putFileContent(String id, byte[] content) {
    fileContents.put(id, content.clone());
  }

  /** The bytes of an uploaded file; files the load generator attached have none. */
  public Optional<byte[]> fileContent(String id) {
    return Optional.ofNullable(fileContents.get(id)).map(byte[]::clone);
  }

  public Optional<ThreadMember> threadMember(String rootId, String userId) {
    return Optional.ofNullable(threadMembers.getOrDefault(rootId, Map.of()).get(userId));
  }

  public void putThreadMember(ThreadMember m) {
    threadMembers.computeIfAbsent(m.rootId(), k -> new LinkedHashMap<>()).put(m.userId(), m);
  }

  /** The users following a thread, in the order they started to. */
  public List<ThreadMember> threadFollowers(String rootId) {
    return threadMembers.getOrDefault(rootId, Map.of()).values().stream().filter(ThreadMember::following).toList();
  }

  /** When the user last viewed the channel (0 = never). */
  public long lastViewedAt(String channelId, String userId) {
    return lastViewed.getOrDefault(channelId + "/" + userId, 0L);
  }

  public void setLastViewedAt(String channelId, String userId, long at) {
    lastViewed.put(channelId + "/" + userId, at);
  }
}
