package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.UpdateEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdateFramesTest {

  private static final String JSON = "{\"event_id\":\"e1\",\"data\":{\"message\":\"caf\u00e9\"}}";

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b).toString();
  }

  @Test
  void shouldGiveTheBytesOfTheMessageItStandsFor() {
    UpdateFrames frames = new UpdateFrames();
    UpdateEvent event = new UpdateEvent(7, 0, 3, null, JSON);
    Subscription.Deliver d = new Subscription.Deliver(event, "tok-1");
    for (int i = 0; i < 3; i++) { // the first builds, the others reuse: the same text each time
      assertThat(text(frames.frame("s1", d))).isEqualTo(WsMessages.update("s1", d));
    }
  }

  @Test
  void shouldNeverGiveAnotherSubscriptionsOrPositionsOrUpdatesMessage() {
    UpdateFrames frames = new UpdateFrames();
    UpdateEvent event = new UpdateEvent(7, 0, 3, null, JSON);
    UpdateEvent equalButOther = new UpdateEvent(7, 0, 3, null, JSON);
    UpdateEvent next = new UpdateEvent(8, 0, 4, null, JSON.replace("e1", "e2"));
    Subscription.Deliver d = new Subscription.Deliver(event, "tok-1");
    frames.frame("s1", d);
    Subscription.Deliver[] others = {new Subscription.Deliver(event, "tok-2"),
        new Subscription.Deliver(equalButOther, "tok-1"), new Subscription.Deliver(next, "tok-1")};
    for (Subscription.Deliver o : others) {
      assertThat(text(frames.frame("s1", o))).isEqualTo(WsMessages.update("s1", o));
      assertThat(text(frames.frame("s2", o))).isEqualTo(WsMessages.update("s2", o));
    }
    assertThat(text(frames.frame("s1", d))).isEqualTo(WsMessages.update("s1", d));
  }

  @Test
  void shouldHandEachCallerItsOwnReadOnlyView() {
    UpdateFrames frames = new UpdateFrames();
    Subscription.Deliver d = new Subscription.Deliver(new UpdateEvent(7, 0, 3, null, JSON), "tok-1");
    ByteBuffer first = frames.frame("s1", d);
    first.position(first.limit()); // one sender consumed its view
    ByteBuffer second = frames.frame("s1", d);
    assertThat(second.isReadOnly()).isTrue();
    assertThat(text(second)).isEqualTo(WsMessages.update("s1", d));
  }

  @Test
  void shouldHoldAtMostItsSlotsWhateverWasSent() {
    UpdateFrames frames = new UpdateFrames();
    for (int i = 0; i < 5 * UpdateFrames.SLOTS; i++) {
      UpdateEvent e = new UpdateEvent(i, 0, i, null, JSON);
      frames.frame("s" + (i % 7), new Subscription.Deliver(e, "tok-" + i));
    }
    assertThat(frames.held()).isPositive().isLessThanOrEqualTo(UpdateFrames.SLOTS);
  }
}
