package io.mmpipe.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseWriterTest {

  @Test
  void shouldWriteEventIdAndDataThenBlankLine() {
    assertThat(SseWriter.frame("created", "1abc", "{\"a\":1}")).isEqualTo("event: created\nid: 1abc\ndata: {\"a\":1}\n\n");
  }

  @Test
  void shouldSplitMultiLineDataIntoSeveralDataLines() {
    assertThat(SseWriter.frame(null, null, "{\n\"a\":1\r\n}")).isEqualTo("data: {\ndata: \"a\":1\ndata: }\n\n");
  }

  @Test
  void shouldRefuseLineBreaksInIdsAndEventNames() {
    assertThatThrownBy(() -> SseWriter.frame("x\ny", "1", "d")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseWriter.frame("x", "1\r", "d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldBufferUntilFlushAndWriteRetryAndComments() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SseWriter w = new SseWriter(out).retry(3000).comment("keep-alive");
    assertThat(out.size()).isZero();
    assertThat(w.pending()).isTrue();
    w.flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("retry: 3000\n\n: keep-alive\n\n");
    assertThat(w.pending()).isFalse();
  }

  @Test
  void shouldWriteTextBeyondAsciiAsUtf8AndGrowPastTheFirstBuffer() throws Exception {
    String data = "{\"m\":\"caf\u00e9 \u20ac \ud83d\ude00\",\"pad\":\"" + "x".repeat(3000) + "\"}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SseWriter(out).event("cr\u00e9\u00e9", "id1", data).event(null, null, "a\u00e9\nb").flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("event: cr\u00e9\u00e9\nid: id1\ndata: " + data
        + "\n\ndata: a\u00e9\ndata: b\n\n");
  }

  @Test
  void shouldShrinkItsBufferBackAfterALargeBatch() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SseWriter w = new SseWriter(out);
    String big = "x".repeat(100_000);
    w.event("created", "1", big);
    assertThat(w.capacity()).isGreaterThan(100_000);
    w.flush();
    assertThat(out.size()).isGreaterThan(100_000);
    assertThat(w.capacity()).isLessThanOrEqualTo(SseWriter.IDLE_CAPACITY * 4);
    w.event("created", "2", "small").flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("event: created\nid: 2\ndata: small\n\n");
  }

  @Test
  void shouldKeepItsBufferBetweenBusyBatchesWithoutGrowingItAndShrinkItOnTheIdleFlush() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SseWriter w = new SseWriter(out);
    String update = "y".repeat(500);
    int kept = -1;
    for (int batch = 0; batch < 50; batch++) {
      while (w.size() <= 64 * 1024) {
        w.event("created", "t" + batch, update);
      }
      w.flushKeepingBuffer();
      assertThat(w.size()).isZero();
      if (kept < 0) {
        kept = w.capacity();
      }
      // the same buffer serves every batch: it neither shrinks (to grow again) nor grows past the first batch's
      assertThat(w.capacity()).isEqualTo(kept).isLessThanOrEqualTo(2 * (64 * 1024 + 600));
    }
    w.event("created", "last", "small").flush();
    assertThat(w.capacity()).isLessThanOrEqualTo(SseWriter.IDLE_CAPACITY * 4);
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("event: created\nid: last\ndata: small\n\n");
  }

  /** An update's JSON goes out as the bytes it was written in: the same frame as its text, line breaks included. */
  @Test
  void shouldFrameAnUpdateAsItsText() throws Exception {
    String[] datas = {"{\"m\":\"caf\u00e9 \ud83d\ude00 \\n\"}", "{\n\"a\":\"\u00e9\"\r\n}", "{\"a\":1}\r"};
    for (String data : datas) {
      UpdateJson json = UpdateJson.of(ResourceUpdate.newBuilder().setEventId("e\u00e9\n\r").setResourceUri("r")
          .setUpdateType("created").setDataJson(data).setTimestamp(1.5).build());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new SseWriter(out).event("created", "t1", json).event(null, null, json).flush();
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(SseWriter.frame("created", "t1", json.text())
          + SseWriter.frame(null, null, json.text()));
    }
  }
}
