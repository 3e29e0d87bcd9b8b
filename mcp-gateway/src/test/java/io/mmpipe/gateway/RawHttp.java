package io.mmpipe.gateway.security;

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
record RawHttp(int status, String head) {

  static RawHttp send(int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        req.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      String head = readHead(s.getInputStream());
      String[] first = head.split("\r\n", 2)[0].split(" ");
      return new RawHttp(first.length > 1 ? Integer.parseInt(first[1]) : -1, head);
    }
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
