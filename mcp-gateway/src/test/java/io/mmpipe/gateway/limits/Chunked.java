package io.mmpipe.gateway.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real chunked POST over a plain socket ({@code Transfer-Encoding: chunked}, no {@code Content-Length}), sent by
 * one thread while another reads the answer, so a server that answers before the body ends is seen doing so.
 *
 * @param status the HTTP status answered
 * @param body   the answer's body (de-chunked when the server chunked it)
 * @param sent   body bytes the client managed to send before the body ended or the server closed the connection
 */
record Chunked(int status, String body, long sent) {

  /** A body bound that means "forever" for a server: the client stops there so a broken server fails, not hangs. */
  static final long ENDLESS = 512L * 1024 * 1024;

  /** POSTs {@code chunk} repeatedly as chunks until {@code total} bytes were sent or the server closed the socket. */
  static Chunked send(int port, String path, String chunk, long total) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-User: alice\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
      CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
        long sent = 0;
        try {
          while (sent < total) {
            int n = (int) Math.min(data.length, total - sent);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, 0, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            sent += n;
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // the server closed the connection after answering: what was sent until then is the measure
        }
        return sent;
      });
      String head = readHead(socket.getInputStream());
      int status = Integer.parseInt(head.split(" ")[1]);
      String body = readBody(socket.getInputStream(), head);
      if (status >= 400) {
        socket.shutdownInput(); // a refused request: the writer's next write fails once the server has closed
      }
      long sent = writer.get(120, TimeUnit.SECONDS);
      return new Chunked(status, body, sent);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      if (b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        break;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static String readBody(InputStream in, String head) throws IOException {
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:");
    if (at >= 0) {
      int end = lower.indexOf("\r\n", at);
      int n = Integer.parseInt(head.substring(at + 15, end).trim());
      return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
    if (!lower.contains("transfer-encoding: chunked")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(n));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }
}
