package io.mmpipe.ingestor.polling;

import io.mmpipe.mattermost.rest.CatchUpGap;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the poller reads from Mattermost (the REST client in production). */
public interface PostSource {

  /**
   * Post rows with {@code update_at > since}, edit-history rows included, complete for posts created within the
   * catch-up horizon; the gap says what the API kept out of reach (null when nothing).
   */
  Rows postsSince(String channelId, long since);

  Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId);

  /** @param gap null when {@code rows} are every change */
  record Rows(List<Post> rows, CatchUpGap gap) {

    public Rows {
      rows = List.copyOf(rows);
    }

    public static Rows complete(List<Post> rows) {
      return new Rows(rows, null);
    }
  }
}
