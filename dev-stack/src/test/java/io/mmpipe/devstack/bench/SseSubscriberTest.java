package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseSubscriberTest {

  private static long parse(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return SseSubscriber.sentMicros(b, b.length);
  }

  @Test
  void shouldReadSendTimeFromDataLine() {
    assertThat(parse("data: {\"data\":{\"post\":{\"id\":\"x\"},\"sent_us\":1763728000123456},\"event_id\":\"e\"}"))
        .isEqualTo(1763728000123456L);
  }

  @Test
  void shouldIgnoreLinesThatAreNotDataOrCarryNoSendTime() {
    assertThat(parse("id: {\"sent_us\":5}")).isEqualTo(-1);
    assertThat(parse("data: {\"resource_uri\":\"mattermost://typing\"}")).isEqualTo(-1);
    assertThat(parse("data: {\"sent_us\":\"abc\"}")).isEqualTo(-1);
    assertThat(parse(": keep-alive")).isEqualTo(-1);
  }

  @Test
  void shouldParseOnlyTheGivenLength() {
    byte[] b = "data: {\"sent_us\":12345}".getBytes(StandardCharsets.UTF_8);
    assertThat(SseSubscriber.sentMicros(b, b.length - 3)).isEqualTo(123);
  }
}
