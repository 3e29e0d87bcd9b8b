package io.mmpipe.gateway.limits;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request body of unknown length (chunked), read in front of the handlers no further than the limit: one byte
 * past it and the request is refused, so an endless body costs at most the limit; within it, the bytes read are put
 * back as the request's body, so every handler (Javalin's {@code ctx.body()}, a handler reading the input stream)
 * reads them as if nothing had happened.
 */
final class BufferedBody {

  private BufferedBody() {}

  /** The body, or null when it is longer than {@code limit} (then the rest is left unread). */
  static byte[] read(InputStream in, int limit) throws IOException {
    byte[] b = in.readNBytes(limit + 1);
    return b.length > limit ? null : b;
  }

  /**
   * Makes {@code request} (Javalin's wrapper around the server's request) serve {@code body} from now on. Returns
   * false when the request is not a wrapper (then the caller must refuse it: its body was consumed).
   */
  static boolean putBack(ServletRequest request, byte[] body) {
    if (!(request instanceof ServletRequestWrapper w) || !(w.getRequest() instanceof HttpServletRequest inner)) {
      return false;
    }
    w.setRequest(new Replayed(inner, body));
    return true;
  }

  private static final class Replayed extends HttpServletRequestWrapper {
    private final byte[] body;
    private final ByteArrayInputStream in;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          try {
            listener.onDataAvailable();
            listener.onAllDataRead();
          } catch (IOException e) {
            listener.onError(e);
          }
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String enc = getCharacterEncoding();
      Charset cs = StandardCharsets.UTF_8;
      try {
        cs = enc == null ? cs : Charset.forName(enc);
      } catch (IllegalArgumentException e) {
        // an unknown charset named by the client: read as UTF-8, the JSON default
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), cs));
    }
  }
}
