package io.mmpipe.devstack.bench;

import java.nio.charset.StandardCharsets;

/**
 * Reads one fan-out subscriber's byte stream as it arrives, in whatever pieces: the HTTP response head, a chunked
 * body, then Server-Sent Events or WebSocket frames (RFC 6455). It keeps no event: per event it finds only what the
 * bench needs, the {@code "sent_us":} and {@code "event_id":"post_bench} numbers (by a byte matcher across piece
 * boundaries), and the end of the event (an SSE blank line, a WebSocket message's last frame). So ten thousand
 * subscribers read by a few selector threads allocate nothing per event, and the load client does not become what
 * the bench measures. Per connection it holds a few counters and a 16-byte line prefix.
 *
 * <p>SSE: lines end at CR, LF or CRLF; a blank line dispatches an event that had a {@code data} line; an event named
 * {@code ready} marks the subscriber connected. WebSocket: the answer must be 101 with the right
 * {@code Sec-WebSocket-Accept}; fragments are one message; the first message carrying {@code "status":"subscribed"}
 * marks it connected; pings are answered, a close is echoed. Not thread-safe: one selector thread feeds it.
 */
final class StreamScanner {

  /** What the scanner reports. Called on the feeding thread. */
  interface Sink {
    /** The response head was accepted: the stream begins (a WebSocket client now sends its subscribe). */
    void opened();

    /** The subscriber's connected marker (SSE {@code ready} event, WebSocket subscribe answer). */
    void ready();

    /** One event or message: its scheduled send time and bench update number, each -1 when it carries none. */
    void delivery(long sentUs, long number);

    /** A WebSocket control frame to send back (pong, close echo). */
    void reply(int opcode, byte[] payload);

    /** The stream cannot go on (refused, malformed, closed by the server): the connection is to be closed. */
    void failed(String why);
  }

  static final int MAX_HEAD = 16 * 1024;

  private static final Mark SENT = new Mark("\"sent_us\":");
  private static final Mark NUMBER = new Mark("\"event_id\":\"post_bench");
  private static final Mark SUBSCRIBED = new Mark("\"status\":\"subscribed\"");

  private final boolean ws;
  private final String wsAccept; // expected Sec-WebSocket-Accept, for a WebSocket
  private final Sink sink;

  // head
  private byte[] head = new byte[512]; // dropped once the head is read
  private int headLen;
  private boolean headDone;
  private boolean failed;

  // chunked body
  private boolean chunked;
  private int chunkState; // 0 size, 1 extension, 2 data, 3 after data (CRLF), 4 ended
  private long chunkLeft;

  // event fields
  private final Matcher sent = new Matcher(SENT);
  private final Matcher number = new Matcher(NUMBER);
  private final Matcher subscribed = new Matcher(SUBSCRIBED);

  // SSE lines
  private final byte[] linePrefix = new byte[16];
  private int lineLen;
  private boolean lastCr;
  private boolean eventHasData;
  private boolean eventReady;

  // WebSocket frames
  private int frameState; // 0 first byte, 1 second byte, 2 extended length, 3 mask, 4 payload
  private int opcode;
  private int messageOpcode;
  private boolean fin;
  private boolean masked;
  private int lengthBytesLeft;
  private long payloadLeft;
  private final byte[] mask = new byte[4];
  private int maskAt;
  private long payloadAt;
  private final byte[] control = new byte[125];
  private int controlLen;
  private boolean wsReady;

  private StreamScanner(boolean ws, String wsAccept, Sink sink) {
    this.ws = ws;
    this.wsAccept = wsAccept;
    this.sink = sink;
  }

  static StreamScanner sse(Sink sink) {
    return new StreamScanner(false, null, sink);
  }

  /** {@code accept}: the {@code Sec-WebSocket-Accept} the server must answer. */
  static StreamScanner webSocket(String accept, Sink sink) {
    return new StreamScanner(true, accept, sink);
  }

  boolean failedAlready() {
    return failed;
  }

  /** Reads {@code b[off, off + len)}, the next bytes of the stream. */
  void feed(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (!headDone && i < end && !failed) {
      if (headLen == head.length) {
        if (head.length >= MAX_HEAD) {
          fail("response head longer than " + MAX_HEAD + " bytes");
          return;
        }
        head = java.util.Arrays.copyOf(head, head.length * 2);
      }
      head[headLen++] = b[i++];
      if (headEnded()) {
        readHead();
      }
    }
    if (failed || i >= end) {
      return;
    }
    if (chunked) {
      dechunk(b, i, end);
    } else {
      content(b, i, end);
    }
  }

  private boolean headEnded() {
    int n = headLen;
    return n >= 4 && head[n - 1] == '\n' && head[n - 2] == '\r' && head[n - 3] == '\n' && head[n - 4] == '\r'
        || n >= 2 && head[n - 1] == '\n' && head[n - 2] == '\n';
  }

  private void readHead() {
    String text = new String(head, 0, headLen, StandardCharsets.ISO_8859_1);
    head = null;
    headDone = true;
    String[] lines = text.split("\r?\n");
    String[] status = lines[0].split(" ", 3);
    int code = status.length >= 2 && status[0].startsWith("HTTP/") ? parseInt(status[1]) : -1;
    String accept = null;
    String type = "";
    for (int k = 1; k < lines.length; k++) {
      int colon = lines[k].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[k].substring(0, colon).trim();
      String value = lines[k].substring(colon + 1).trim();
      if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("sec-websocket-accept")) {
        accept = value;
      } else if (name.equalsIgnoreCase("content-type")) {
        type = value;
      }
    }
    if (ws) {
      chunked = false;
      if (code != 101 || !wsAccept.equals(accept)) {
        fail("no WebSocket upgrade: " + lines[0]);
        return;
      }
    } else if (code / 100 != 2 || !type.startsWith("text/event-stream")) {
      fail("not an event stream: " + lines[0] + ", " + type);
      return;
    }
    sink.opened();
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** RFC 9112 section 7.1: hex size, optional extensions, CRLF, data, CRLF; size 0 ends the body. */
  private void dechunk(byte[] b, int i, int end) {
    while (i < end && !failed) {
      switch (chunkState) {
        case 0 -> {
          byte c = b[i++];
          int d = Character.digit(c, 16);
          if (d >= 0) {
            if (chunkLeft > (Long.MAX_VALUE >> 4)) {
              fail("chunk size too large");
              return;
            }
            chunkLeft = chunkLeft * 16 + d;
          } else if (c == ';') {
            chunkState = 1;
          } else if (c == '\n') {
            chunkState = chunkLeft == 0 ? 4 : 2;
          } else if (c != '\r' && c != ' ' && c != '\t') {
            fail("bad chunk size byte " + c);
            return;
          }
        }
        case 1 -> {
          if (b[i++] == '\n') {
            chunkState = chunkLeft == 0 ? 4 : 2;
          }
        }
        case 2 -> {
          int n = (int) Math.min(chunkLeft, end - i);
          content(b, i, i + n);
          i += n;
          chunkLeft -= n;
          if (chunkLeft == 0) {
            chunkState = 3;
          }
        }
        case 3 -> {
          if (b[i++] == '\n') {
            chunkState = 0;
          }
        }
        default -> {
          return; // the body ended: the server closes next
        }
      }
    }
  }

  private void content(byte[] b, int i, int end) {
    if (ws) {
      frames(b, i, end);
    } else {
      sse(b, i, end);
    }
  }

  private void sse(byte[] b, int i, int end) {
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '\n' && lastCr) { // the LF of a CRLF: the line ended at the CR
        lastCr = false;
        continue;
      }
      lastCr = c == '\r';
      if (c == '\n' || c == '\r') {
        endLine();
        continue;
      }
      if (lineLen < linePrefix.length) {
        linePrefix[lineLen] = c;
      }
      lineLen++;
      sent.step(c);
      number.step(c);
    }
  }

  private void endLine() {
    if (lineLen == 0) {
      if (eventHasData) {
        if (eventReady) {
          sink.ready();
        } else {
          sink.delivery(sent.value(), number.value());
        }
      }
      eventHasData = false;
      eventReady = false;
      sent.reset();
      number.reset();
      return;
    }
    if (prefix("data:") || lineLen == 4 && prefix("data")) {
      eventHasData = true;
    } else if (lineLen == 12 && prefix("event: ready") || lineLen == 11 && prefix("event:ready")) {
      eventReady = true;
    }
    sent.endField();
    number.endField();
    lineLen = 0;
  }

  private boolean prefix(String p) {
    if (lineLen < p.length()) {
      return false;
    }
    for (int k = 0; k < p.length(); k++) {
      if (linePrefix[k] != p.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void frames(byte[] b, int i, int end) {
    while (i < end && !failed) {
      switch (frameState) {
        case 0 -> {
          int b0 = b[i++] & 0xff;
          fin = (b0 & 0x80) != 0;
          opcode = b0 & 0x0f;
          frameState = 1;
        }
        case 1 -> {
          int b1 = b[i++] & 0xff;
          masked = (b1 & 0x80) != 0; // a server must not mask, but read it right if one does
          payloadLeft = b1 & 0x7f;
          lengthBytesLeft = payloadLeft == 126 ? 2 : payloadLeft == 127 ? 8 : 0;
          if (lengthBytesLeft > 0) {
            payloadLeft = 0;
          }
          maskAt = 0;
          frameState = lengthBytesLeft > 0 ? 2 : masked ? 3 : startPayload();
        }
        case 2 -> {
          payloadLeft = payloadLeft << 8 | (b[i++] & 0xff);
          if (--lengthBytesLeft == 0) {
            frameState = masked ? 3 : startPayload();
          }
        }
        case 3 -> {
          mask[maskAt++] = b[i++];
          if (maskAt == 4) {
            frameState = startPayload();
          }
        }
        default -> {
          int n = (int) Math.min(payloadLeft, end - i);
          payload(b, i, n);
          i += n;
          payloadLeft -= n;
          if (payloadLeft == 0) {
            frameState = endFrame();
          }
        }
      }
    }
  }

  /** The header is read: the payload state, or (empty payload) the end of the frame at once. */
  private int startPayload() {
    payloadAt = 0;
    controlLen = 0;
    if (opcode >= 8 && (payloadLeft > control.length || !fin)) {
      fail("control frame of " + payloadLeft + " bytes");
      return 0;
    }
    if (opcode == 1 || opcode == 2) {
      messageOpcode = opcode;
    }
    return payloadLeft == 0 ? endFrame() : 4;
  }

  private void payload(byte[] b, int i, int n) {
    boolean text = opcode == 1 || opcode == 0 && messageOpcode == 1;
    for (int k = 0; k < n; k++) {
      byte c = b[i + k];
      if (masked) {
        c ^= mask[(int) (payloadAt & 3)];
      }
      payloadAt++;
      if (opcode >= 8) {
        control[controlLen++] = c;
      } else if (text) {
        sent.step(c);
        number.step(c);
        subscribed.step(c);
      }
    }
  }

  private int endFrame() {
    switch (opcode) {
      case 8 -> {
        sink.reply(8, controlLen >= 2 ? new byte[] {control[0], control[1]} : new byte[0]);
        fail("closed by the server");
      }
      case 9 -> sink.reply(10, java.util.Arrays.copyOf(control, controlLen));
      case 10 -> { }
      default -> {
        if (fin && messageOpcode == 1) {
          if (!wsReady && subscribed.matched()) {
            wsReady = true;
            sink.ready();
          } else {
            sink.delivery(sent.value(), number.value());
          }
        }
        if (fin) {
          sent.reset();
          number.reset();
          subscribed.reset();
          messageOpcode = 0;
        }
      }
    }
    return 0;
  }

  private void fail(String why) {
    if (!failed) {
      failed = true;
      sink.failed(why);
    }
  }

  /** A fixed byte pattern with its Knuth-Morris-Pratt failure table, so a match survives any split. */
  static final class Mark {
    final byte[] p;
    final int[] fail;

    Mark(String s) {
      p = s.getBytes(StandardCharsets.US_ASCII);
      fail = new int[p.length];
      for (int q = 1, k = 0; q < p.length; q++) {
        while (k > 0 && p[q] != p[k]) {
          k = fail[k - 1];
        }
        if (p[q] == p[k]) {
          k++;
        }
        fail[q] = k;
      }
    }
  }

  /**
   * Finds the first occurrence of a {@link Mark} in an event's bytes and reads the decimal number right after it
   * (for a mark used as a flag, only whether it occurred).
   */
  static final class Matcher {
    private final Mark mark;
    private int state; // < length: bytes of the mark matched; == length: reading digits; > length: done
    private long value;
    private boolean digits;

    Matcher(Mark mark) {
      this.mark = mark;
    }

    void step(byte c) {
      int len = mark.p.length;
      if (state < len) {
        int k = state;
        while (k > 0 && mark.p[k] != c) {
          k = mark.fail[k - 1];
        }
        state = mark.p[k] == c ? k + 1 : 0;
      } else if (state == len) {
        if (c >= '0' && c <= '9' && value < Long.MAX_VALUE / 10) {
          value = value * 10 + (c - '0');
          digits = true;
        } else {
          state = len + 1;
        }
      }
    }

    /** A line ended: a match cannot go on across it (a number at the line's end is complete). */
    void endField() {
      int len = mark.p.length;
      if (state < len) {
        state = 0;
      } else if (state == len) {
        state = len + 1;
      }
    }

    boolean matched() {
      return state >= mark.p.length;
    }

    /** The number after the mark, or -1 when the mark did not occur or no digit followed it. */
    long value() {
      return matched() && digits ? value : -1;
    }

    void reset() {
      state = 0;
      value = 0;
      digits = false;
    }
  }
}
