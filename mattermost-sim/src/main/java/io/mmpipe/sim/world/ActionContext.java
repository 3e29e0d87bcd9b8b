package io.mmpipe.sim.world;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.model.Store;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.ws.EventSink;

/**
 * The context every action group (posts, reactions, channels, threads) works in: the store, the id generator, the
 * clock, the event builder and the change log, plus the lookups that turn a missing or forbidden thing into the
 * AppError the server answers with. Used only under the world's lock.
 */
final class ActionContext {

  final Store store = new Store();
  final Ids ids;
  /** Token ids and new token values: their own sequence, so logging in does not shift post ids. */
  final Ids tokenIds;
  final SimClock clock;
  final Events events;
  final ChangeLog changes;

  ActionContext(Ids ids, Ids tokenIds, SimClock clock, EventSink sink, int changeLogLimit) {
    this.changes = new ChangeLog(changeLogLimit);
    this.ids = ids;
    this.tokenIds = tokenIds;
    this.clock = clock;
    this.events = new Events(store, sink);
  }

  void record(SimChange change) {
    changes.add(change);
  }

  User user(String userId) {
    return store.user(userId).orElseThrow(
        () -> new ApiException(404, "app.user.missing_account.const", "user " + userId + " not found"));
  }

  Channel channel(String channelId) {
    Channel c = store.channel(channelId).orElse(null);
    if (c == null) {
      throw new ApiException(404, "app.channel.get.existing.app_error", "channel " + channelId + " not found");
    }
    return c;
  }

  /** A post that exists and is not deleted (nor an edit-history row). */
  PostRow livePost(String postId) {
    PostRow p = store.post(postId).orElse(null);
    if (p == null || p.isDeleted() || p.isHistory()) {
      throw new ApiException(404, "app.post.get.app_error", "post " + postId + " not found");
    }
    return p;
  }

  Channel requireMember(String channelId, String userId) {
    user(userId);
    Channel c = channel(channelId);
    if (!c.isMember(userId)) {
      throw ApiException.forbidden();
    }
    return c;
  }
}
