package io.mmpipe.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, with whatever Host and Origin the test chooses (the JDK's client will not
 * send a foreign Host): the status code and the head of the answer, read until the headers end or the body starts.
 */
public record RawHttp(int status, String head) {

  public static RawHttp send(int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    return send(port, method, path, headers, body, false);
  }

  /**
   * As {@link #send(int, String, String, Map, String)}; with {@code withBody} the whole answer is read (until the
   * server closes: not for streams) and kept in {@link #head}.
   */
  public static RawHttp send(int port, String method, String path, Map<String, String> headers, String body,
                             boolean withBody) throws IOException {
    StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      req.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    bytes.write(payload);
    return sendRaw(port, bytes.toByteArray(), withBody);
  }

  /** Any bytes as a request (headers a client library would refuse to send); the answer as above. */
  public static RawHttp sendRaw(int port, byte[] request, boolean withBody) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      String head = readHead(s.getInputStream());
      if (withBody) {
        head += readBody(s, head);
      }
      String[] first = head.split("\r\n", 2)[0].split(" ");
      int status;
      try {
        status = first.length > 1 ? Integer.parseInt(first[1]) : -1;
      } catch (NumberFormatException e) {
        status = -1;
      }
      return new RawHttp(status, head);
    }
  }

  /**
   * The rest of the answer; of an event stream, up to its first event (a stream may never end), or what came in
   * 200 ms.
   */
  private static String readBody(Socket s, String head) throws IOException {
    boolean stream = head.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream");
    if (!stream) {
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    s.setSoTimeout(200);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = s.getInputStream().read(chunk)) >= 0) {
        buf.write(chunk, 0, n);
        String sofar = buf.toString(StandardCharsets.ISO_8859_1);
        int data = sofar.indexOf("data:");
        if (data >= 0 && sofar.indexOf("\n\n", data) > 0) {
          break;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      // the stream goes on; what came is enough
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Up to the blank line after the headers (a stream's body never ends, so it is not read). */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      String sofar = buf.toString(StandardCharsets.ISO_8859_1);
      if (sofar.endsWith("\r\n\r\n")) {
        break;
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }
}
