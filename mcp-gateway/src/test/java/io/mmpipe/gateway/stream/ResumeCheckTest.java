package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumeCheckTest {

  private static final int EPOCH = 42;
  private static final LogExtent.Bounds LOG = new LogExtent.Bounds(EPOCH, new long[] {10, 0, 5}, new long[] {20,
      3, 5});

  private static ResumeToken.Position token(int epoch, long... next) {
    return new ResumeToken.Position(epoch, next);
  }

  @Test
  void shouldPassAPositionInsideTheLog() {
    assertThat(ResumeCheck.check(token(EPOCH, 10, 3, 5), LOG)).isNull();
    assertThat(ResumeCheck.check(token(ResumeToken.NO_EPOCH, 15, 0, 5), LOG)).isNull();
  }

  @Test
  void shouldListWhatRetentionDeletedAndRestartAtTheLogStart() {
    ResumeGap gap = ResumeCheck.check(token(EPOCH, 4, 2, 1), LOG);
    assertThat(gap.cause()).isEqualTo(ResumeGap.Cause.RETENTION);
    assertThat(gap.lost()).containsExactly(new ResumeGap.Lost(0, 4, 10L), new ResumeGap.Lost(2, 1, 5L));
    assertThat(gap.restart()).containsExactly(10, 2, 5);
  }

  @Test
  void shouldSeeARecreatedTopicByItsEpochEvenInsideTheOffsets() {
    ResumeGap gap = ResumeCheck.check(token(7, 12, 1, 5), LOG);
    assertThat(gap.cause()).isEqualTo(ResumeGap.Cause.TOPIC_RECREATED);
    assertThat(gap.lost()).containsExactly(new ResumeGap.Lost(0, 12, null), new ResumeGap.Lost(1, 1, null),
        new ResumeGap.Lost(2, 5, null));
    assertThat(gap.restart()).containsExactly(10, 0, 5);
  }

  @Test
  void shouldSeeARecreatedTopicFromAVersionOneTokenPastTheLogEnd() {
    ResumeGap gap = ResumeCheck.check(token(ResumeToken.NO_EPOCH, 12, 4, 5), LOG);
    assertThat(gap.cause()).isEqualTo(ResumeGap.Cause.TOPIC_RECREATED);
    assertThat(gap.restart()).containsExactly(10, 0, 5);
  }

  @Test
  void shouldDescribeTheGapInTheResetEventJson() {
    ResumeGap gap = ResumeCheck.check(token(EPOCH, 4, 0, 5), LOG);
    assertThat(gap.json("tok").toString()).isEqualTo("{\"reason\":\"retention\",\"message\":\""
        + "retention deleted updates this token had not read yet: the lost offsets are listed; the stream restarts "
        + "at the oldest update still held\",\"lost\":[{\"partition\":0,\"from\":4,\"to\":10,\"count\":6}],"
        + "\"restart\":[{\"partition\":0,\"offset\":10},{\"partition\":1,\"offset\":0},"
        + "{\"partition\":2,\"offset\":5}],\"resume_token\":\"tok\"}");
  }
}
