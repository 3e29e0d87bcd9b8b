package io.mmpipe.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostQueriesTest {

  Store store;
  Ids ids;
  String channel;

  @BeforeEach
  void setUp() {
    store = new Store();
    ids = new Ids(7);
    channel = ids.next();
    store.putChannel(new Channel(channel, "t", 'O', "c", "C", "u", 1, 1, 0, 1, 0, Set.of("u")));
  }

  private PostRow add(long at, String rootId) {
    PostRow p = PostRow.create(ids.next(), at, "u", channel, rootId, "m" + at, List.of());
    store.insertPost(p);
    return p;
  }

  @Test
  void shouldReturnOnlyRowsStrictlyNewerThanSince() {
    add(100, "");
    PostRow b = add(101, "");
    PostList list = PostQueries.since(store, channel, 100, PostQueries.SINCE_CAP);
    assertThat(list.order()).containsExactly(b.id());
  }

  @Test
  void shouldOrderNewestFirst() {
    PostRow a = add(100, "");
    PostRow b = add(200, "");
    PostRow c = add(300, "");
    assertThat(PostQueries.since(store, channel, 0, 1000).order()).containsExactly(c.id(), b.id(), a.id());
  }

  @Test
  void shouldApplyTheCapBeforeOrderingSoTheSubsetIsNotTheNewest() {
    List<PostRow> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(add(1000 + i, ""));
    }
    PostList capped = PostQueries.since(store, channel, 0, 10);
    assertThat(capped.order()).hasSize(10);
    List<String> newest10 = rows.reversed().subList(0, 10).stream().map(PostRow::id).toList();
    // an arbitrary subset: with 50 random ids the lowest-id ten are not the newest ten
    assertThat(capped.order()).isNotEqualTo(newest10);
    // still ordered newest first within the subset
    List<Long> times = capped.order().stream().map(id -> store.post(id).orElseThrow().createAt()).toList();
    assertThat(times).isSortedAccordingTo((x, y) -> Long.compare(y, x));
  }

  @Test
  void shouldIncludeRootOfReturnedReplyInPostsButNotInOrder() {
    PostRow root = add(100, "");
    PostRow reply = add(200, root.id());
    PostList list = PostQueries.since(store, channel, 150, 1000);
    assertThat(list.order()).containsExactly(reply.id());
    assertThat(list.posts()).containsKeys(root.id(), reply.id());
  }

  @Test
  void shouldReturnDeletedAndHistoryRowsToSinceButNotToPages() {
    PostRow p = add(100, "");
    PostRow gone = add(110, "");
    store.insertPost(p.asHistory(ids.next(), 120));
    store.updatePost(p.edited("new", 120));
    store.updatePost(gone.deleted(130));
    PostList since = PostQueries.since(store, channel, 100, 1000);
    assertThat(since.order()).hasSize(3);
    assertThat(since.posts().values()).anySatisfy(r -> assertThat(r.originalId()).isEqualTo(p.id()));
    PostList page = PostQueries.page(store, channel, 0, 60, "", "");
    assertThat(page.order()).containsExactly(p.id());
  }

  @Test
  void shouldPageBeforeAndAfterAnAnchor() {
    List<PostRow> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(add(100 + i, ""));
    }
    String anchor = rows.get(5).id();
    PostList before = PostQueries.page(store, channel, 0, 3, anchor, "");
    assertThat(before.order()).containsExactly(rows.get(4).id(), rows.get(3).id(), rows.get(2).id());
    PostList after = PostQueries.page(store, channel, 0, 3, "", anchor);
    assertThat(after.order()).containsExactly(rows.get(8).id(), rows.get(7).id(), rows.get(6).id());
  }

  @Test
  void shouldGiveDeletedAndHistoryRowsToPagesOnlyWhenIncludeDeletedIsAsked() {
    PostRow p = add(100, "");
    PostRow gone = add(110, "");
    PostRow history = p.asHistory(ids.next(), 120);
    store.insertPost(history);
    store.updatePost(p.edited("new", 120));
    store.updatePost(gone.deleted(130));
    PostList all = PostQueries.page(store, channel, 0, 60, "", "", true);
    // getRootPosts without its DeleteAt filter: every row, the history row sharing its post's create_at
    assertThat(all.order()).containsExactlyInAnyOrder(p.id(), gone.id(), history.id());
    assertThat(all.order().getFirst()).isEqualTo(gone.id());
    assertThat(PostQueries.page(store, channel, 0, 60, "", "", false).order()).containsExactly(p.id());
  }

  @Test
  void shouldAnchorBeforeOnAnyRowEvenADeletedOneAndSkipRowsOfTheAnchorsMillisecond() {
    List<PostRow> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(add(100 + i, ""));
    }
    PostRow twin = add(103, ""); // shares rows[3]'s create_at
    store.updatePost(rows.get(3).deleted(200));
    // the server: CreateAt < (SELECT CreateAt FROM Posts WHERE Id = ?), the anchor's DeleteAt not looked at
    PostList before = PostQueries.page(store, channel, 0, 10, rows.get(3).id(), "");
    assertThat(before.order()).containsExactly(rows.get(2).id(), rows.get(1).id(), rows.get(0).id())
        .doesNotContain(twin.id());
    assertThat(PostQueries.page(store, channel, 0, 10, "nosuchpostnosuchpostnosuch", "").order()).isEmpty();
  }
}
