package io.mmpipe.ingestor.websocket;

import io.mmpipe.devkit.Ports;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** A WebSocket server whose behaviour each test scripts, recording what the client did (test helper). */
final class ScriptedServer extends WebSocketServer {

  record Handshake(String resource, String authorization) {}

  final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
  final List<String> pongs = new CopyOnWriteArrayList<>();
  private final BiConsumer<WebSocket, Integer> onOpen;
  private final BiConsumer<WebSocket, String> onMessage;

  /**
   * @param onOpen    called with the socket and the 0-based number of the connection
   * @param onMessage called for every text frame from the client
   */
  ScriptedServer(BiConsumer<WebSocket, Integer> onOpen, BiConsumer<WebSocket, String> onMessage) {
    super(new InetSocketAddress("127.0.0.1", Ports.free()));
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    setReuseAddr(true);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + getPort();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    handshakes.add(new Handshake(handshake.getResourceDescriptor(), handshake.getFieldValue("Authorization")));
    onOpen.accept(conn, handshakes.size() - 1);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    if (remote) {
      closeCodes.add(code);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    received.add(message);
    onMessage.accept(conn, message);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    pongs.add("pong");
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    // the client closing abruptly is part of several scripts
  }

  @Override
  public void onStart() {
    // nothing to prepare
  }

  static String hello(String connectionId) {
    return "{\"event\":\"hello\",\"data\":{\"connection_id\":\"" + connectionId
        + "\",\"server_version\":\"10.5.0.1.abc.false\"},\"broadcast\":{\"omit_users\":null,\"user_id\":\"bot\","
        + "\"channel_id\":\"\",\"team_id\":\"\"},\"seq\":0}";
  }

  static String typing(long seq) {
    return "{\"event\":\"typing\",\"data\":{\"parent_id\":\"\",\"user_id\":\"u" + seq
        + "\"},\"broadcast\":{\"omit_users\":null,\"user_id\":\"\",\"channel_id\":\"c1\",\"team_id\":\"\"},\"seq\":"
        + seq + "}";
  }
}
