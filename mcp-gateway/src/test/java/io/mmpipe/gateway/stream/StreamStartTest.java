package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamStartTest {

  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(10_000_000), ZoneOffset.UTC);

  @Test
  void shouldPreferTheTokenThenReadFrom() {
    assertThat(StreamStart.parse(" tok ", "earliest", clock)).isEqualTo(new UpdateStreams.FromToken("tok"));
    assertThat(StreamStart.parse(null, null, clock)).isEqualTo(new UpdateStreams.Live());
    assertThat(StreamStart.parse("", "live", clock)).isEqualTo(new UpdateStreams.Live());
    assertThat(StreamStart.parse(null, "latest", clock)).isEqualTo(new UpdateStreams.Live());
    assertThat(StreamStart.parse(null, "earliest", clock)).isEqualTo(new UpdateStreams.Earliest());
    assertThat(StreamStart.parse(null, "PT10M", clock)).isEqualTo(new UpdateStreams.Since(10_000_000 - 600_000));
  }

  @Test
  void shouldRefuseWhatIsNotAPositiveDurationOfAtMostAYear() {
    for (String bad : List.of("yesterday", "10m", "-PT5M", "PT0S", "P400D")) {
      assertThatThrownBy(() -> StreamStart.parse(null, bad, clock)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    }
  }
}
