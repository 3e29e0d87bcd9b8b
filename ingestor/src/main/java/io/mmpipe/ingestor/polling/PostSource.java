package io.mmpipe.ingestor.polling;

import io.mmpipe.ingestor.rest.PostRows;
import io.mmpipe.schemas.avro.Reaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the poller reads from Mattermost (the REST client in production). */
public interface PostSource {

  PostRows postsSince(String channelId, long since);

  Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId);
}
