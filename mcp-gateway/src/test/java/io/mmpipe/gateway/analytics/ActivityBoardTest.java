package io.mmpipe.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ReactionCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityBoardTest {

  static final long HOUR = 3_600_000;

  static ChannelActivity activity(String channel, String window, long start, long messages) {
    long size = "hour".equals(window) ? HOUR : 60_000;
    return ChannelActivity.newBuilder().setChannelId(channel).setWindow(window).setWindowStart(start)
        .setWindowEnd(start + size).setMessages(messages).setActiveUsers(1)
        .setTopReactions(List.of(new ReactionCount("tada", 2L))).build();
  }

  @Test
  void shouldKeepTheLatestMinuteAndHourOfAChannelAndIgnoreOlderWindows() {
    ActivityBoard board = new ActivityBoard(10);
    board.put(activity("a", "minute", 2 * 60_000, 5));
    board.put(activity("a", "minute", 60_000, 9)); // an older minute, read later (compaction order): ignored
    board.put(activity("a", "minute", 2 * 60_000, 6)); // the same minute again: its newer counts
    board.put(activity("a", "hour", 0, 20));
    ActivityBoard.Entry e = board.get("a").orElseThrow();
    assertThat(e.minute().getMessages()).isEqualTo(6);
    assertThat(e.hour().getMessages()).isEqualTo(20);
    assertThat(ActivityBoard.json(e).toString()).contains("\"channel_id\":\"a\"")
        .contains("\"top_reactions\":[{\"emoji_name\":\"tada\",\"count\":2}]");
  }

  @Test
  void shouldIgnoreAWindowKindItDoesNotKnow() {
    ActivityBoard board = new ActivityBoard(10);
    board.put(activity("a", "day", 0, 5));
    assertThat(board.get("a")).isEmpty();
  }

  @Test
  void shouldForgetTheStalestChannelsBeyondItsCapacity() {
    ActivityBoard board = new ActivityBoard(3);
    board.put(activity("a", "hour", 0, 1));
    board.put(activity("b", "hour", 0, 1));
    board.put(activity("c", "hour", 0, 1));
    board.put(activity("a", "minute", 0, 1)); // a written again: now b is the stalest
    board.put(activity("d", "hour", 0, 1));
    assertThat(board.size()).isEqualTo(3);
    assertThat(board.get("b")).isEmpty();
    assertThat(board.get("a")).isPresent();
    assertThat(board.forgotten()).isEqualTo(1);
    for (int i = 0; i < 1000; i++) {
      board.put(activity("x" + i, "hour", 0, 1));
    }
    assertThat(board.size()).isEqualTo(3);
  }

  @Test
  void shouldRankTheVisibleChannelsOfTheCurrentHourFirst() {
    ActivityBoard board = new ActivityBoard(10);
    board.put(activity("old-busy", "hour", 0, 100));
    board.put(activity("quiet", "hour", HOUR, 1));
    board.put(activity("busy", "hour", HOUR, 50));
    board.put(activity("secret", "hour", HOUR, 500));
    board.put(activity("minute-only", "minute", HOUR, 5));
    assertThat(board.top(10, id -> !id.equals("secret"))).extracting(ActivityBoard.Entry::channelId)
        .containsExactly("busy", "quiet", "old-busy");
    assertThat(board.top(1, id -> true)).extracting(ActivityBoard.Entry::channelId).containsExactly("secret");
  }
}
