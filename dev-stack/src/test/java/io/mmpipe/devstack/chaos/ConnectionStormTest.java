package io.mmpipe.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The storm's counts come from what each connection was answered, against a real listening socket. */
class ConnectionStormTest {

  @Test
  void shouldCountStreamsRefusalsAndConnectionsWithoutAnAnswer() throws Exception {
    Queue<Socket> held = new ConcurrentLinkedQueue<>(); // the server thread adds, the test closes
    AtomicInteger n = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            held.add(s);
            readHead(s.getInputStream());
            int i = n.incrementAndGet();
            // every third: a stream; every third: refused; every third: closed without a status line
            String answer = i % 3 == 0 ? "HTTP/1.1 200 OK\r\n\r\n" : i % 3 == 1 ? "HTTP/1.1 429 Too Many\r\n\r\n" : "";
            s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            if (answer.isEmpty()) {
              s.close();
            }
          } catch (IOException e) {
            return;
          }
        }
      });
      try (ConnectionStorm storm = ConnectionStorm.open("http://127.0.0.1:" + server.getLocalPort(), "t", 30)) {
        assertThat(storm.accepted()).isEqualTo(10);
        assertThat(storm.failed()).isEqualTo(10);
        assertThat(storm.summary()).isEqualTo(
            "30 opened: 10 streams held (200), 10 refused (429: 10), 10 without an answer");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void shouldCountARefusedConnectionAsWithoutAnAnswer() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (ConnectionStorm storm = ConnectionStorm.open("http://127.0.0.1:" + port, "t", 3)) {
      assertThat(storm.failed()).isEqualTo(3);
      assertThat(storm.accepted()).isZero();
    }
  }

  @Test
  void shouldReadTheStatusOfTheFirstLineOnly() throws IOException {
    assertThat(ConnectionStorm.statusOf(in("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"))).isEqualTo(503);
    assertThatThrownBy(() -> ConnectionStorm.statusOf(in(""))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ConnectionStorm.statusOf(in("SSH-2.0-x\r\n"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ConnectionStorm.statusOf(in("HTTP/1.1 abc\r\n"))).isInstanceOf(IOException.class);
  }

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    int c;
    while (matched < 4 && (c = in.read()) != -1) {
      matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
  }
}
