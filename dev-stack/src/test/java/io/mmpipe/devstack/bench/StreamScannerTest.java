package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamScannerTest {

  /** Records what the scanner reports. */
  static final class Recorded implements StreamScanner.Sink {
    final List<String> seen = new ArrayList<>();

    @Override
    public void opened() {
      seen.add("opened");
    }

    @Override
    public void ready() {
      seen.add("ready");
    }

    @Override
    public void delivery(long sentUs, long number) {
      seen.add(sentUs + "/" + number);
    }

    @Override
    public void reply(int opcode, byte[] payload) {
      seen.add("reply " + opcode + " " + payload.length);
    }

    @Override
    public void failed(String why) {
      seen.add("failed");
    }
  }

  private static final String UPDATE = "{\"event_id\":\"post_bench000000000000000000042\",\"data\":{\"post\":{},"
      + "\"sent_us\":1763728000123456}}";

  private static final String SSE_BODY = "retry: 3000\n\nevent: ready\nid: t0\ndata: {\"instance_id\":\"a\"}\n\n"
      + ": keep-alive\n\n"
      + "event: created\nid: t1\ndata: " + UPDATE + "\n\n"
      + "event: created\r\nid: t2\r\ndata: {\"sent_us\":7,\r\ndata: \"x\":1}\r\n\r\n" // CRLF, two data lines
      + "event: typing\rdata: {\"no\":\"mark\"}\r\r";                                 // CR only, no numbers

  private static final List<String> SSE_EXPECTED = List.of("opened", "ready", "1763728000123456/42", "7/-1",
      "-1/-1");

  @Test
  void shouldFindEventsAndNumbersOfAChunkedStreamHoweverItIsSplit() {
    byte[] bytes = (head("200 OK", "Content-Type: text/event-stream", "Transfer-Encoding: chunked")
        + chunked(SSE_BODY, 7)).getBytes(StandardCharsets.UTF_8);
    for (int piece = 1; piece <= bytes.length; piece += piece < 20 ? 1 : 37) {
      Recorded r = new Recorded();
      StreamScanner s = StreamScanner.sse(r);
      for (int i = 0; i < bytes.length; i += piece) {
        s.feed(bytes, i, Math.min(piece, bytes.length - i));
      }
      assertThat(r.seen).as("pieces of %d bytes", piece).isEqualTo(SSE_EXPECTED);
    }
  }

  @Test
  void shouldReadAPlainStreamAndRefuseWhatIsNoEventStream() {
    Recorded plain = new Recorded();
    feed(StreamScanner.sse(plain), head("200 OK", "Content-Type: text/event-stream") + SSE_BODY);
    assertThat(plain.seen).isEqualTo(SSE_EXPECTED);

    Recorded refused = new Recorded();
    feed(StreamScanner.sse(refused), head("503 Service Unavailable", "Content-Type: application/json") + "{}");
    assertThat(refused.seen).containsExactly("failed");
  }

  @Test
  void shouldReadWebSocketMessagesFragmentsAndControlFrames() throws Exception {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(head("101 Switching Protocols", "Upgrade: websocket", "Sec-WebSocket-Accept: "
        + LoadClient.accept(key)).getBytes(StandardCharsets.ISO_8859_1));
    in.write(frame(true, 1, "{\"event_type\":\"status\",\"id\":1,\"status\":\"subscribed\"}", false));
    String message = "{\"event_type\":\"update\",\"update\":" + UPDATE + "}";
    in.write(frame(false, 1, message.substring(0, 30), false));
    in.write(frame(true, 9, "hi", false));                       // a ping between fragments
    in.write(frame(true, 0, message.substring(30), true));        // masked (servers should not, but may)
    in.write(frame(true, 1, "x".repeat(300) + "\"sent_us\":9}", false)); // 16-bit length
    in.write(frame(true, 8, "\u0003\u00e8", false));
    byte[] bytes = in.toByteArray();
    for (int piece : new int[] {1, 2, 3, 5, 64, bytes.length}) {
      Recorded r = new Recorded();
      StreamScanner s = StreamScanner.webSocket(LoadClient.accept(key), r);
      for (int i = 0; i < bytes.length; i += piece) {
        s.feed(bytes, i, Math.min(piece, bytes.length - i));
      }
      assertThat(r.seen).as("pieces of %d bytes", piece).containsExactly("opened", "ready", "reply 10 2",
          "1763728000123456/42", "9/-1", "reply 8 2", "failed");
    }

    Recorded wrongKey = new Recorded();
    feed(StreamScanner.webSocket("other", wrongKey), head("101 Switching Protocols", "Sec-WebSocket-Accept: x"));
    assertThat(wrongKey.seen).containsExactly("failed");
  }

  @Test
  void shouldGiveUpOnAHeadBeyondItsBoundAndOnAnOversizedControlFrame() {
    Recorded endless = new Recorded();
    StreamScanner s = StreamScanner.sse(endless);
    byte[] line = "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i * line.length <= StreamScanner.MAX_HEAD + line.length; i++) {
      s.feed(line, 0, line.length);
    }
    assertThat(endless.seen).containsExactly("failed"); // the head buffer stopped at MAX_HEAD

    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    Recorded big = new Recorded();
    StreamScanner ws = StreamScanner.webSocket(LoadClient.accept(key), big);
    feed(ws, head("101 Switching Protocols", "Sec-WebSocket-Accept: " + LoadClient.accept(key)));
    byte[] ping = frame(true, 9, "p".repeat(200), false);
    ws.feed(ping, 0, ping.length);
    assertThat(big.seen).containsExactly("opened", "failed");
  }

  @Test
  void shouldMatchAMarkAfterAFalseStart() {
    StreamScanner.Matcher m = new StreamScanner.Matcher(new StreamScanner.Mark("\"event_id\":\"post_bench"));
    for (byte b : "\"event_id\":\"\"event_id\":\"post_bench12,".getBytes(StandardCharsets.US_ASCII)) {
      m.step(b);
    }
    assertThat(m.value()).isEqualTo(12);
  }

  private static void feed(StreamScanner s, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    s.feed(b, 0, b.length);
  }

  private static String head(String status, String... headers) {
    return "HTTP/1.1 " + status + "\r\n" + String.join("\r\n", headers) + (headers.length > 0 ? "\r\n" : "")
        + "\r\n";
  }

  private static String chunked(String body, int size) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < body.length(); i += size) {
      String part = body.substring(i, Math.min(body.length(), i + size));
      b.append(Integer.toHexString(part.getBytes(StandardCharsets.UTF_8).length)).append(i == 0 ? ";ext=1" : "")
          .append("\r\n").append(part).append("\r\n");
    }
    return b.append("0\r\n\r\n").toString();
  }

  private static byte[] frame(boolean fin, int opcode, String payload, boolean masked) {
    byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    int m = masked ? 0x80 : 0;
    if (p.length < 126) {
      f.write(m | p.length);
    } else {
      f.write(m | 126);
      f.write(p.length >>> 8);
      f.write(p.length);
    }
    byte[] key = {1, 2, 3, 4};
    if (masked) {
      f.writeBytes(key);
      for (int i = 0; i < p.length; i++) {
        p[i] ^= key[i & 3];
      }
    }
    f.writeBytes(p);
    return f.toByteArray();
  }
}
