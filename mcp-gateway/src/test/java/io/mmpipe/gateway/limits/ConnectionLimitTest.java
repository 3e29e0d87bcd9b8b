package io.mmpipe.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.gateway.security.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP connection limit and the idle timeout on a real server, with plain sockets that connect and send nothing
 * (the attack the request-level limits cannot see): past GATEWAY_MAX_TCP_CONNECTIONS a client is not served until a
 * connection closes; an idle socket is closed after GATEWAY_IDLE_TIMEOUT, which gives its slot back.
 */
class ConnectionLimitTest {

  private final List<Socket> sockets = new ArrayList<>();
  private Javalin app;
  private LimitRoutes limits;

  private int start(int maxTcp, Duration idle) {
    limits = new LimitRoutes(new LimitSettings(100, 100, 100, 10, 100, 1024, maxTcp, idle),
        ctx -> new Principal.ApiTokenHolder("p"));
    GatewayFeature stand = routes -> routes.get("/health", ctx -> ctx.result("ok"));
    app = GatewayServer.create(new OriginPolicy(List.of()), List.of(limits, stand)).start("127.0.0.1", 0);
    return app.port();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (app != null) {
      app.stop();
    }
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    sockets.add(s);
    return s;
  }

  private static void requestHealth(Socket s, int port) throws IOException {
    s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String statusLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    return line.toString().trim();
  }

  @Test
  void shouldNotServeAClientPastTheTcpLimitUntilAnIdleConnectionCloses() throws Exception {
    int port = start(2, Duration.ofMinutes(5));
    Socket idle1 = connect(port);
    connect(port);
    await().atMost(Duration.ofSeconds(30)).until(() -> limits.tcpConnections() == 2);

    Socket third = connect(port); // completes in the kernel's backlog; the server does not accept it
    requestHealth(third, port);
    third.setSoTimeout(1000);
    // an absence can only be seen for a while: a server that accepted it would answer in milliseconds
    assertThatThrownBy(() -> statusLine(third)).isInstanceOf(SocketTimeoutException.class);
    assertThat(limits.tcpConnections()).isEqualTo(2);

    idle1.close();
    third.setSoTimeout(30_000);
    assertThat(statusLine(third)).as("accepted and served once a slot was free").isEqualTo("HTTP/1.1 200 OK");
    third.close(); // the server half-closed it after the answer and waits for the client's side
    await().atMost(Duration.ofSeconds(30)).until(() -> limits.tcpConnections() == 1);
  }

  @Test
  void shouldCloseAnIdleConnectionAfterTheIdleTimeoutAndServeTheNextClient() throws Exception {
    int port = start(1, Duration.ofSeconds(1));
    Socket idle = connect(port);
    idle.setSoTimeout(30_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> limits.tcpConnections() == 1);
    assertThat(idle.getInputStream().read()).as("closed by the server, nothing sent").isEqualTo(-1);
    await().atMost(Duration.ofSeconds(30)).until(() -> limits.tcpConnections() == 0);

    Socket next = connect(port);
    next.setSoTimeout(30_000);
    requestHealth(next, port);
    assertThat(statusLine(next)).isEqualTo("HTTP/1.1 200 OK");
  }
}
