package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.Source;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic raw stream for the processor: new posts and replies, edits, deletes and reactions as the WebSocket
 * reports them, and for every one the copy polling reports a little later (a polled post row, or the post's complete
 * reaction snapshot). So half the records are duplicates the processor must recognise. Seeded: the same every run.
 */
final class RawEventMix {

  /** A record to send: its key (the channel id) and value. */
  record Keyed(String key, RawEvent value) {}

  private static final String[] EMOJIS = {"+1", "smile", "tada", "eyes", "rocket", "heart"};
  private static final int POLL_LAG = 64; // records between a change and its polled copy

  private final Random random = new Random(7);
  private final List<String> channels = new ArrayList<>();
  private final List<String> users = new ArrayList<>();
  private final List<Post> livePosts = new ArrayList<>();
  private final Map<String, Map<String, Reaction>> reactions = new HashMap<>();
  private final ArrayDeque<Keyed> pendingPolls = new ArrayDeque<>();
  private final ArrayDeque<Keyed> ready = new ArrayDeque<>();
  private final String runId;
  private long seq;
  private long clock;

  RawEventMix(int channelCount, String runId) {
    this.runId = runId;
    for (int i = 0; i < channelCount; i++) {
      channels.add(id("c", i));
    }
    for (int i = 0; i < 40; i++) {
      users.add(id("u", i));
    }
  }

  /** The next record; {@code observedAt} stamps it (the open-model schedule in latency runs). */
  Keyed next(long observedAt) {
    clock = Math.max(clock + 1, observedAt);
    while (ready.isEmpty()) {
      generateChange(observedAt);
      if (pendingPolls.size() > POLL_LAG) {
        ready.add(pendingPolls.poll());
      }
    }
    Keyed k = ready.poll();
    k.value().setObservedAt(observedAt);
    return k;
  }

  private void generateChange(long now) {
    int roll = random.nextInt(100);
    if (livePosts.size() < 50 || roll < 55) {
      newPost(now);
    } else if (roll < 70) {
      edit(now);
    } else if (roll < 75) {
      delete(now);
    } else {
      react(now);
    }
  }

  private void newPost(long now) {
    String channel = channels.get(random.nextInt(channels.size()));
    String root = "";
    if (!livePosts.isEmpty() && random.nextInt(4) == 0) {
      Post parent = livePosts.get(random.nextInt(livePosts.size()));
      channel = parent.getChannelId();
      root = parent.getRootId().isEmpty() ? parent.getId() : parent.getRootId();
    }
    Post p = Post.newBuilder().setId(id("p", seq++)).setChannelId(channel)
        .setUserId(users.get(random.nextInt(users.size()))).setRootId(root)
        .setMessage("benchmark message " + seq + " with a little text to be realistic").setCreateAt(clock)
        .setUpdateAt(clock).build();
    livePosts.add(p);
    if (livePosts.size() > 2000) {
      livePosts.remove(0);
    }
    emitPost("posted", p);
  }

  private void edit(long now) {
    Post p = livePosts.get(random.nextInt(livePosts.size()));
    p.setMessage(p.getMessage() + " (edited)");
    p.setEditAt(clock);
    p.setUpdateAt(clock);
    emitPost("post_edited", p);
  }

  private void delete(long now) {
    Post p = livePosts.remove(random.nextInt(livePosts.size()));
    p.setDeleteAt(clock);
    p.setUpdateAt(clock);
    emitPost("post_deleted", p);
  }

  private void react(long now) {
    Post p = livePosts.get(random.nextInt(livePosts.size()));
    Map<String, Reaction> set = reactions.computeIfAbsent(p.getId(), k -> new HashMap<>());
    String user = users.get(random.nextInt(users.size()));
    String emoji = EMOJIS[random.nextInt(EMOJIS.length)];
    String key = user + ":" + emoji;
    p.setUpdateAt(clock);
    Reaction r = Reaction.newBuilder().setPostId(p.getId()).setUserId(user).setEmojiName(emoji)
        .setCreateAt(clock).setUpdateAt(clock).setChannelId(p.getChannelId()).build();
    String type = set.containsKey(key) ? "reaction_removed" : "reaction_added";
    if (set.containsKey(key)) {
      set.remove(key);
    } else {
      set.put(key, r);
    }
    ready.add(new Keyed(p.getChannelId(), base(Source.WEBSOCKET, type, p.getChannelId())
        .setPayload(new ReactionPayload(r)).build()));
    ReactionSnapshotPayload snapshot = ReactionSnapshotPayload.newBuilder().setPostId(p.getId())
        .setPostUpdateAt(clock).setReactions(List.copyOf(set.values())).build();
    pendingPolls.add(new Keyed(p.getChannelId(), base(Source.POLL, "polled_reactions", p.getChannelId())
        .setPayload(snapshot).build()));
  }

  private void emitPost(String type, Post p) {
    ready.add(new Keyed(p.getChannelId(), base(Source.WEBSOCKET, type, p.getChannelId())
        .setPayload(new PostPayload(Post.newBuilder(p).build(), "team1", "O", null, null, null)).build()));
    pendingPolls.add(new Keyed(p.getChannelId(), base(Source.POLL, "polled_post", p.getChannelId())
        .setPayload(new PostPayload(Post.newBuilder(p).build(), "team1", null, null, null, null)).build()));
  }

  private RawEvent.Builder base(Source source, String type, String channel) {
    RawEvent.Builder b = RawEvent.newBuilder().setSource(source).setEventType(type).setChannelId(channel)
        .setTeamId("team1").setObservedAt(clock).setServerId("http://bench.invalid")
        .setIngestorId("bench");
    if (source == Source.WEBSOCKET) {
      b.setConnectionId("bench-conn").setSeq(seq++);
    }
    return b;
  }

  /** 26 characters like Mattermost ids, unique per run so reruns on one broker never collide. */
  private String id(String kind, long n) {
    String prefix = kind + runId;
    String num = Long.toString(n, 36);
    return prefix + "0".repeat(Math.max(0, 26 - prefix.length() - num.length())) + num;
  }
}
