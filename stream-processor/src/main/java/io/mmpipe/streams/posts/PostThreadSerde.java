package io.mmpipe.streams.posts;

import io.mmpipe.streams.state.BinaryStateSerde;
import io.mmpipe.streams.state.StateReader;
import io.mmpipe.streams.state.StateWriter;
import java.util.ArrayList;
import java.util.List;

/** {@link PostThread} in the binary state format: lastReplyAt, then the replies (id, user id) oldest first. */
final class PostThreadSerde extends BinaryStateSerde<PostThread> {

  PostThreadSerde() {
    super(PostThread.class);
  }

  @Override
  protected void write(StateWriter out, PostThread t) {
    out.writeLong(t.lastReplyAt());
    out.writeCount(t.replies().size());
    for (PostThread.Reply r : t.replies()) {
      out.writeString(r.id());
      out.writeString(r.userId());
    }
  }

  @Override
  protected PostThread read(StateReader in) {
    long lastReplyAt = in.readLong();
    int n = in.readCount();
    List<PostThread.Reply> replies = new ArrayList<>(Math.min(n, PostThread.MAX_REPLIES));
    for (int i = 0; i < n; i++) {
      replies.add(new PostThread.Reply(in.readString(), in.readString()));
    }
    return new PostThread(replies, lastReplyAt);
  }
}
