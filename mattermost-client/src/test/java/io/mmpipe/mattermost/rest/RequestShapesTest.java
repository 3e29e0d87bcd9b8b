package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How requests are written: path segments, query strings, the posts query's rules, the multipart body. */
class RequestShapesTest {

  @Test
  void shouldEncodeEachPathArgumentAsOneSegment() {
    assertThat(Caller.path("/api/v4/users/{}/posts/{}/reactions/{}", "u1", "p1", "+1"))
        .isEqualTo("/api/v4/users/u1/posts/p1/reactions/%2B1");
    // a slash or a space in an argument cannot reach another endpoint or split the path
    assertThat(Caller.path("/api/v4/posts/{}", "../users/me")).isEqualTo("/api/v4/posts/..%2Fusers%2Fme");
    assertThat(Caller.path("/api/v4/posts/{}/thread", "a b")).isEqualTo("/api/v4/posts/a%20b/thread");
    assertThatThrownBy(() -> Caller.path("/api/v4/posts/{}", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldLeaveOutNullQueryValuesAndEncodeTheRest() {
    assertThat(Query.none().toString()).isEmpty();
    assertThat(Query.none().add("since", null).add("page", 2).add("q", "a&b c").toString())
        .isEqualTo("?page=2&q=a%26b+c");
    assertThat(ChannelPostsQuery.since(5).toQuery().toString()).isEqualTo("?since=5");
    assertThat(ChannelPostsQuery.before("p9", 30).toQuery().toString()).isEqualTo("?before=p9&page=0&per_page=30");
    assertThat(ChannelPostsQuery.beforeIncludingDeleted("p9", 200).toQuery().toString())
        .isEqualTo("?before=p9&page=0&per_page=200&include_deleted=true");
    assertThat(ChannelPostsQuery.beforeIncludingDeleted(null, 200).toQuery().toString())
        .isEqualTo("?page=0&per_page=200&include_deleted=true");
  }

  @Test
  void shouldRefuseSinceMixedWithPagingAsTheServerDoes() {
    assertThatThrownBy(() -> new ChannelPostsQuery(5L, null, null, 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("since");
    assertThatThrownBy(() -> new ChannelPostsQuery(null, "a", "b", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChannelPostsQuery(5L, null, null, null, null, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("include_deleted");
  }

  @Test
  void shouldRefuseAGapThatEndsBeforeItStartsOrMissesNothing() {
    assertThatThrownBy(() -> new CatchUpGap(10, 5, 1, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CatchUpGap(5, 10, 0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new CatchUpGap(5, 10, 0, true).reason()).startsWith("deletions").contains("after 5 and up to 10");
    assertThat(new CatchUpGap(5, 10, 3, true).reason()).contains("posts created before 3").contains(" and deletions");
  }

  @Test
  void shouldRefuseChannelNamesMattermostRefuses() {
    assertThatThrownBy(() -> new NewChannel("t", "Has Caps", "x", 'O', null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NewChannel("t", "ok-name", "x", 'D', null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new NewChannel("t", "ok_name-2", "OK", 'P', null, null).type()).isEqualTo('P');
  }

  @Test
  void shouldWriteAMultipartBodyWithQuotedNames() {
    MultipartForm form = new MultipartForm().field("channel_id", "c1")
        .file("files", "a \"b\".txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
    String boundary = form.contentType().substring(form.contentType().indexOf("boundary=") + 9);
    String body = new String(form.body(), StandardCharsets.UTF_8);
    assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("--" + boundary + "--\r\n")
        .contains("name=\"channel_id\"\r\n\r\nc1\r\n")
        .contains("name=\"files\"; filename=\"a \\\"b\\\".txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n");
  }
}
