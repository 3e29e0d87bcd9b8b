package io.mmpipe.devkit;

import java.io.IOException;
import java.io.InputStream;

/** An HTTP/1.1 chunked body, decoded; trailers are skipped. */
final class ChunkedBody extends InputStream {

  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedBody(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = in.read(buf, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }

  private boolean fill() throws IOException {
    if (done) {
      return false;
    }
    if (left > 0) {
      return true;
    }
    String size = SseClient.readHeadLine(in);
    if (size.isEmpty()) { // the CRLF that ends the previous chunk
      size = SseClient.readHeadLine(in);
    }
    int ext = size.indexOf(';');
    left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
    if (left == 0) {
      done = true;
      return false;
    }
    return true;
  }
}
