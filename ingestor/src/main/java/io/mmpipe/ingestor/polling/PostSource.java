package io.mmpipe.ingestor.polling;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the poller reads from Mattermost (the REST client in production). */
public interface PostSource {

  /** Post rows with {@code update_at > since} in the server's order, edit-history rows included. */
  List<Post> postsSince(String channelId, long since);

  Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId);
}
