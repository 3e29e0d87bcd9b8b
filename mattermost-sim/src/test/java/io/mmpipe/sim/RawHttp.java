package io.mmpipe.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a bare socket, so a test can send the WebSocket upgrade headers that the JDK's HTTP
 * client refuses to set, and see exactly what the server answers when it declines to upgrade.
 */
record RawHttp(int status, Map<String, String> headers, String body) {

  /** Headers are lowercased. */
  static RawHttp exchange(int port, String method, String target, Map<String, String> headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      if (!headers.containsKey("Connection")) {
        req.append("Connection: close\r\n");
      }
      req.append("\r\n");
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed before the headers ended: " + head);
        }
        head.write(b);
      }
      String[] lines = head.toString(StandardCharsets.US_ASCII).trim().split("\r\n");
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        h.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      // the connection may stay open (keep-alive), so read exactly the announced body
      byte[] body = h.containsKey("content-length") ? in.readNBytes(Integer.parseInt(h.get("content-length")))
          : in.readAllBytes();
      return new RawHttp(Integer.parseInt(lines[0].split(" ")[1]), h, new String(body, StandardCharsets.UTF_8));
    }
  }

  /** The headers of a valid WebSocket upgrade request, without any token. */
  static Map<String, String> upgradeHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Connection", "Upgrade");
    h.put("Upgrade", "websocket");
    h.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    h.put("Sec-WebSocket-Version", "13");
    return h;
  }
}
