package io.mmpipe.ingestor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on frames read from the socket and not yet handled: with the control thread held (a publisher that
 * blocks), a server pushing far more frames than the bound leaves at most the bound queued, the socket reader waits
 * instead of dropping, and once the hold is released every event arrives, in order, on the same connection.
 */
class FrameBoundIT {

  private static final Logger log = LoggerFactory.getLogger(FrameBoundIT.class);
  private static final int PUSHED = 20_000;

  private final List<Long> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger catchUps = new AtomicInteger();
  private final CountDownLatch hold = new CountDownLatch(1);
  private ScriptedServer server;
  private WebSocketStream stream;

  private final StreamListener blockingListener = new StreamListener() {
    @Override
    public CompletableFuture<Void> event(MattermostEvent event, String connectionId, long observedAt) {
      try {
        hold.await(); // the first event holds the control thread until the test releases it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      seen.add(event.envelope().seq());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public void unparseable(String frame, FrameParseException error) {
      throw new AssertionError("unexpected garbage: " + frame);
    }

    @Override
    public void catchUp(String reason, boolean lost) {
      catchUps.incrementAndGet();
    }
  };

  @AfterEach
  void tearDown() throws Exception {
    hold.countDown();
    if (stream != null) {
      stream.close();
    }
    if (server != null) {
      server.stop(1000);
    }
  }

  @Test
  void shouldStopReadingTheSocketAtTheFrameBoundAndLoseNothingWhenReleased() throws Exception {
    server = new ScriptedServer((ws, n) -> {
      ws.send(ScriptedServer.hello("conn" + n));
      for (int seq = 1; seq <= PUSHED; seq++) {
        ws.send(ScriptedServer.typing(seq));
      }
    }, (ws, msg) -> { });
    server.start();
    Thread.sleep(200); // WebSocketServer binds on its own thread
    // default bounds; the ping interval is long so the held control thread is not judged a dead socket
    StreamSettings settings = new StreamSettings(URI.create(server.baseUrl()), Secret.of("tok"),
        Duration.ofSeconds(5), Duration.ofMinutes(5), true, Duration.ofMillis(100), Duration.ofSeconds(1), 0);
    int bound = settings.maxQueuedFrames();
    assertThat(bound).isEqualTo(StreamSettings.DEFAULT_MAX_QUEUED_FRAMES).isEqualTo(1_000);
    stream = new WebSocketStream(settings, blockingListener, () -> { }, new IngestorMetrics());
    stream.start().get(10, TimeUnit.SECONDS);

    // either the reader parks at the bound, or (without one) it reads everything the server pushed but the event
    // that holds the control thread
    await().atMost(Duration.ofSeconds(60))
        .until(() -> stream.queuedFrames() >= bound && readerWaiting() || stream.queuedFrames() >= PUSHED - 1);
    // held while the server keeps trying to push the rest: the queue stays at the bound, the reader stays parked
    int maxSampled = 0;
    for (int i = 0; i < 100; i++) {
      maxSampled = Math.max(maxSampled, stream.queuedFrames());
      Thread.sleep(10);
    }
    log.info("held control thread: {} frames queued at most (sampled {}), reader waiting: {}",
        stream.peakQueuedFrames(), maxSampled, readerWaiting());
    assertThat(stream.peakQueuedFrames()).as("frames read and not handled, at most").isEqualTo(bound);
    assertThat(stream.queuedFrames()).isEqualTo(bound);
    assertThat(readerWaiting()).as("the socket reader waits for room rather than reading on").isTrue();
    assertThat(seen).isEmpty();

    hold.countDown();
    await().atMost(Duration.ofSeconds(120)).until(() -> seen.size() >= PUSHED);
    assertThat(seen).as("every pushed event, once, in order").containsExactlyElementsOf(
        LongStream.rangeClosed(1, PUSHED).boxed().toList());
    assertThat(server.handshakes).as("the same connection throughout: nothing dropped, no resume").hasSize(1);
    assertThat(server.closeCodes).isEmpty();
    assertThat(catchUps).as("only the first hello's catch-up: no loss was detected").hasValue(1);
    assertThat(stream.peakQueuedFrames()).isEqualTo(bound);
    assertThat(stream.state()).isEqualTo(StreamState.CONNECTED);
  }

  /** Whether a thread is parked in the reader's wait for room in the frame queue. */
  private static boolean readerWaiting() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() == Thread.State.WAITING)
        .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("awaitFrameRoom")));
  }
}
