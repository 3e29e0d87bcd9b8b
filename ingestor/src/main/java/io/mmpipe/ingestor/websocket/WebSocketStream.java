package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.FrameParser;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.events.MattermostEvent.ActionReply;
import io.mmpipe.ingestor.events.MattermostEvent.Hello;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.mattermost.rest.MattermostErrors;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mattermost WebSocket, kept alive: Bearer header at upgrade, hello first, every event's seq checked, the
 * {@code ping} action on a timer, resume with {@code connection_id} + {@code sequence_number} after a drop, REST
 * catch-up when the server answers with a new connection, capped exponential backoff with jitter. Never sends
 * {@code presence} (that would silence typing and reactions of every other channel).
 *
 * <p>All state lives on one control thread that consumes {@link Signal}s, so there are no locks and events are
 * handed on in exactly the order the server sent them. The control thread never blocks on Kafka: an event the
 * listener has no room for pauses the stream (the connection is closed, nothing more is read); once every event
 * handed on is settled and the listener is available again, it resumes after the last event Kafka acknowledged.
 * Every hello (the first one included) asks the listener for a REST catch-up.
 */
public final class WebSocketStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebSocketStream.class);

  /** Confirms the token over REST; throws a {@code MattermostApiException} of kind AUTH when it is refused. */
  public interface AuthProbe {
    void check();
  }

  private final StreamSettings settings;
  private final StreamListener listener;
  private final IngestorMetrics metrics;
  private final ControlLoop loop = new ControlLoop();
  private final Intake intake;
  private final ReconnectPolicy reconnects;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  // --- state owned by the control thread ---
  private Connection conn;
  private long gen;
  private boolean live;            // the current connection is open and its frames count
  private boolean helloSeen;       // on this connection
  private boolean resuming;        // this connection was opened with connection_id
  private boolean resumeJudged;    // we already know whether the resume worked
  private String connectionId;     // from the last hello
  private long lastSeq = -1;
  private final Pinger pinger = new Pinger();
  private long lastGapExpected = -1; // the seq we were missing at the last gap, -1 when none
  private boolean stopping;

  // --- read by health ---
  private volatile StreamState state = StreamState.CONNECTING;
  private volatile String lastError;

  public WebSocketStream(StreamSettings settings, StreamListener listener, AuthProbe authProbe,
      IngestorMetrics metrics) {
    this.settings = settings;
    this.listener = listener;
    this.metrics = metrics;
    this.intake = new Intake(settings, listener, loop::add);
    this.reconnects = new ReconnectPolicy(settings, authProbe);
  }

  /**
   * Connects. The future completes at the first hello, or fails when the token is refused or the connection cannot
   * be made within the reconnect budget.
   */
  public CompletableFuture<Void> start() {
    loop.start(this::handle);
    loop.every(new Signal.Tick(), Math.max(100, settings.pingInterval().toMillis()));
    loop.add(new Signal.Connect());
    return ready;
  }

  public StreamState state() {
    return state;
  }

  public String lastError() {
    return lastError;
  }

  /** Frames read from the socket and not yet handled; never more than {@code maxQueuedFrames}. */
  int queuedFrames() {
    return intake.queuedFrames();
  }

  /** The most frames ever queued at once. */
  int peakQueuedFrames() {
    return intake.peakQueuedFrames();
  }

  /** The current connection id (from the last hello), or null. */
  public String connectionId() {
    return connectionId;
  }

  /** One signal, on the control thread; false once stopped. */
  private boolean handle(Signal s) {
    switch (s) {
      case Signal.Connect c -> connect();
      case Signal.Opened o -> opened(o);
      case Signal.Frame f -> {
        intake.frameHandled();
        frame(f);
      }
      case Signal.Acked a -> acked();
      case Signal.Closed c -> closedSignal(c);
      case Signal.Tick t -> tick();
      case Signal.HelloTimeout h -> helloTimeout(h);
      case Signal.Stop st -> {
        stop();
        return false;
      }
    }
    return true;
  }

  private void connect() {
    if (stopping || state == StreamState.FAILED) {
      return;
    }
    if (intake.paused() && !readyToResume()) {
      loop.later(new Signal.Connect(), ReconnectPolicy.QUICK_RECONNECT_MS); // paused: a cheap local check
      return;
    }
    gen++;
    live = false;
    helloSeen = false;
    resuming = connectionId != null;
    resumeJudged = false;
    pinger.reset();
    var uri = settings.endpoint(connectionId, lastSeq + 1);
    // the URI holds only the connection id and seq, never the token
    log.info("connecting to {}", uri);
    long connectTimeout = Math.max(1000, settings.helloTimeout().toMillis());
    conn = new Connection(uri, settings.token().reveal(), gen, (int) connectTimeout, loop::add, intake);
    conn.connect();
    // a resume has a deadline too: a server that refuses the token upgrades, says nothing and closes later
    loop.later(new Signal.HelloTimeout(gen), settings.helloTimeout().toMillis());
  }

  /** Paused: resume once every event handed on is settled and the listener can take events again. */
  private boolean readyToResume() {
    String why = intake.pausedFor();
    long from = intake.resume(lastSeq);
    if (from < -1) {
      return false;
    }
    // what Kafka did not take is read again: the resume asks for the first seq after the last acknowledged one
    lastSeq = from;
    log.info("resuming the WebSocket after a pause ({}) from seq {}", why, lastSeq + 1);
    state = StreamState.RECONNECTING;
    lastError = null;
    return true;
  }

  private void opened(Signal.Opened o) {
    if (o.gen() != gen || stopping) {
      return;
    }
    live = true;
    log.debug("WebSocket open (gen {}, resuming: {})", gen, resuming);
    if (resuming) {
      sendPing(); // a resumed connection sends no hello: the ping's reply is what proves it works
    }
  }

  private void frame(Signal.Frame f) {
    if (f.gen() != gen || !live) {
      return; // frames of a connection we already gave up on; the resume replays them
    }
    MattermostEvent ev;
    try {
      ev = FrameParser.parse(f.text());
    } catch (FrameParseException e) {
      log.warn("unparseable WebSocket frame ({} chars): {}", f.text().length(), e.getMessage());
      listener.unparseable(f.text(), e);
      return;
    }
    switch (ev) {
      case ActionReply r -> {
        if (pinger.answered(r.seqReply())) {
          reconnects.worked();
        }
        judgeResume();
      }
      case Hello h -> hello(h);
      default -> event(ev, f.observedAt());
    }
  }

  private void hello(Hello h) {
    String id = h.connectionId().isEmpty() ? null : h.connectionId();
    // a resumed connection sends no hello: any hello after we have had a connection starts a new seq space, so
    // whatever happened since our last seq is gone (old servers without connection_id always land here)
    boolean lost = lastSeq >= 0;
    resumeJudged = true;
    helloSeen = true;
    reconnects.worked();
    connectionId = id;
    lastSeq = h.envelope().seq();
    intake.restart(lastSeq);
    state = StreamState.CONNECTED;
    lastError = null;
    log.info("hello from {} (connection {}, server {})", settings.baseUrl().getHost(), id, h.serverVersion());
    ready.complete(null);
    if (lost) {
      log.warn("the server answered with a new connection: events were lost, catching up over REST");
      metrics.catchUp();
      listener.catchUp("new connection id after reconnect", true);
    } else {
      listener.catchUp("first connection: changes made while the ingestor was not reading", false);
    }
  }

  private void event(MattermostEvent ev, long observedAt) {
    long seq = ev.envelope().seq();
    long expected = lastSeq + 1;
    if (lastSeq < 0) {
      log.warn("event {} before hello; reconnecting", ev.envelope().event());
      closeCurrent(4001, "event before hello");
      return;
    }
    if (seq < expected) {
      log.debug("ignoring already seen seq {} (expected {})", seq, expected);
      return;
    }
    if (seq > expected) {
      if (resuming && lastGapExpected == expected) {
        // the resume replayed the same gap: the server cannot fill it, so start a fresh connection and let the
        // new hello trigger the REST catch-up (instead of resuming into the same hole forever)
        log.warn("seq {} is still missing after resuming; starting a fresh connection and catching up", expected);
        connectionId = null;
      } else {
        log.warn("sequence gap: got {} after {}; closing with 4001 to resume", seq, lastSeq);
      }
      lastGapExpected = expected;
      closeCurrent(4001, "sequence mismatch");
      return;
    }
    judgeResume();
    String refused = intake.handOn(seq, ev, connectionId, observedAt);
    if (refused != null) {
      pause(refused); // not handed on: read again after the pause
      return;
    }
    reconnects.worked();
    lastSeq = seq;
    state = StreamState.CONNECTED;
  }

  private void acked() {
    String failed = intake.acked();
    if (failed != null) {
      pause(failed);
    }
  }

  /**
   * Stops reading: the connection is closed (the server keeps it resumable for a while) and no reconnect happens
   * until {@link #readyToResume()}; events after the last handed-on one are read again then.
   */
  private void pause(String reason) {
    if (!intake.pause(reason)) {
      return;
    }
    state = StreamState.PAUSED;
    lastError = "not reading Mattermost: " + reason;
    log.warn("pausing the WebSocket: {}", reason);
    closeCurrent(4000, "paused");
  }

  /** A resumed connection that delivers anything but a hello kept its events: the resume was lossless. */
  private void judgeResume() {
    if (resuming && !resumeJudged) {
      resumeJudged = true;
      state = StreamState.CONNECTED;
      metrics.resume();
      log.info("resumed connection {} from seq {}", connectionId, lastSeq + 1);
    }
  }

  private void tick() {
    if (!live || conn == null || stopping) {
      return;
    }
    if (!helloSeen && !resuming) {
      return; // the hello timeout covers this connection
    }
    if (pinger.overdue(settings.pingInterval().toMillis())) {
      log.warn("no reply to ping action {} within {} ms: dead socket, closing with 4000", pinger.outstanding(),
          settings.pingInterval().toMillis());
      closeCurrent(4000, "ping timeout");
      return;
    }
    if (pinger.outstanding() == 0) {
      sendPing();
    }
  }

  private void sendPing() {
    try {
      conn.send(pinger.next());
    } catch (RuntimeException e) {
      log.debug("ping send failed: {}", e.toString());
    }
  }

  private void helloTimeout(Signal.HelloTimeout h) {
    if (h.gen() != gen || helloSeen || resumeJudged || stopping || intake.paused() || conn == null
        || !conn.isOpen()) {
      return;
    }
    String what = resuming ? "no answer to the resume" : "no hello";
    log.warn("{} within {} ms; checking the token over REST", what, settings.helloTimeout().toMillis());
    ReconnectPolicy.GiveUp refused = reconnects.tokenRefused();
    if (refused != null) {
      fail(refused.message(), refused.cause());
      return;
    }
    lastError = what + " within " + settings.helloTimeout().toMillis() + " ms";
    closeCurrent(4000, what);
  }

  /** Gives up on the current connection; its Closed signal schedules the reconnect. */
  private void closeCurrent(int code, String reason) {
    live = false;
    if (conn != null) {
      conn.close(code, reason);
    }
  }

  private void closedSignal(Signal.Closed c) {
    if (c.gen() != gen) {
      return;
    }
    boolean worked = helloSeen || resumeJudged;
    live = false;
    pinger.reset();
    if (stopping || state == StreamState.FAILED) {
      return;
    }
    log.info("WebSocket closed (code {}, {}{})", c.code(), c.remote() ? "by server" : "by us",
        c.reason() == null || c.reason().isEmpty() ? "" : ": " + c.reason());
    if (intake.paused()) {
      loop.later(new Signal.Connect(), ReconnectPolicy.QUICK_RECONNECT_MS); // paused: a cheap local check
      return;
    }
    switch (reconnects.afterClose(c.code(), worked)) {
      case ReconnectPolicy.GiveUp g -> fail(g.message(), g.cause());
      case ReconnectPolicy.Retry r -> {
        state = StreamState.RECONNECTING;
        metrics.reconnect();
        log.info("reconnecting in {} ms (attempt {})", r.delayMs(), r.attempt());
        loop.later(new Signal.Connect(), r.delayMs());
      }
    }
  }

  private void fail(String message, RuntimeException cause) {
    state = StreamState.FAILED;
    lastError = message;
    log.error("WebSocket stream stopped: {}", message);
    ready.completeExceptionally(cause != null && MattermostErrors.isAuthFailure(cause)
        ? cause : new IllegalStateException(message, cause));
    if (conn != null) {
      live = false;
      conn.close(1000, "giving up");
    }
  }

  private void stop() {
    stopping = true;
    live = false;
    state = StreamState.CLOSED;
    intake.releaseReaders();
    if (conn != null) {
      try {
        conn.closeBlocking();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ready.completeExceptionally(new IllegalStateException("closed"));
  }

  @Override
  public void close() {
    loop.close();
  }
}
