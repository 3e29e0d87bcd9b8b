package io.mmpipe.ingestor;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.channels.ChannelSource;
import io.mmpipe.ingestor.json.PostParser;
import io.mmpipe.ingestor.kafka.CursorReader;
import io.mmpipe.ingestor.kafka.EventProducer;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.polling.Poller;
import io.mmpipe.ingestor.polling.PostSource;
import io.mmpipe.ingestor.presence.StatusPoller;
import io.mmpipe.ingestor.presence.StatusSource;
import io.mmpipe.ingestor.websocket.PublishingStreamListener;
import io.mmpipe.ingestor.websocket.StreamSettings;
import io.mmpipe.ingestor.websocket.StreamState;
import io.mmpipe.ingestor.websocket.WebSocketStream;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.mattermost.rest.ChannelInfo;
import io.mmpipe.mattermost.rest.MattermostClient;
import io.mmpipe.mattermost.rest.PostRows;
import io.mmpipe.mattermost.rest.RestPolicy;
import io.mmpipe.runtime.kafka.TopicAdmin;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.runtime.ops.OpsServer;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.Reaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestor's composition root: checks the token, lists channels, reads cursors, starts polling and the
 * WebSocket, serves /metrics and /health. {@link #start(IngestorConfig)} returns the running instance; closing it
 * stops everything in reverse order.
 */
public final class IngestorMain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestorMain.class);
  /** How long a producer error keeps health DEGRADED. */
  private static final long ERROR_MEMORY_MS = 60_000;
  /** At most this many users' statuses are polled and remembered. */
  private static final int MAX_STATUS_USERS = 50_000;
  private static final int MEMBERS_PER_PAGE = 200;

  private final IngestorConfig config;
  private final IngestorMetrics metrics = new IngestorMetrics();
  private final CloseStack started = new CloseStack("ingestor");
  private MattermostClient client;
  private ChannelDirectory channels;
  private EventProducer producer;
  private Poller poller;
  private StatusPoller statuses;
  private WebSocketStream stream;
  private OpsServer metricsServer;
  private String botUserId;

  private IngestorMain(IngestorConfig config) {
    this.config = config;
  }

  /**
   * Starts an ingestor. Fails fast (and leaves nothing running) when the token is refused, Kafka is unreachable, or
   * streaming cannot connect while polling is off.
   */
  public static IngestorMain start(IngestorConfig config) {
    IngestorMain m = new IngestorMain(config);
    try {
      m.startAll();
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void startAll() {
    log.info("starting ingestor {} for {} (streaming {}, polling {})", config.ingestorId(), config.mattermostUrl(),
        config.enableStreaming(), config.enablePolling());
    client = new MattermostClient(config.mattermostUrl(), config.token(), "MATTERMOST_TOKEN",
        RestPolicy.defaults(config.rateLimit()));
    started.push(client);
    // the token first: a wrong token is the commonest mistake and must say so before anything else happens
    JsonNode me = client.users().me();
    botUserId = Json.text(me, "id");
    log.info("authenticated to Mattermost as {} ({})", Json.text(me, "username"), botUserId);

    TopicAdmin.ensureTopics(config.kafka(), config.topics().creationConfigs(), config.topicPartitions(),
        config.topicReplication());
    config.topics().registerSchemas(); // registry mode: a schema change the registry refuses stops us here
    producer = new EventProducer(config.kafka(), config.topics(), "ingestor-" + config.ingestorId(), metrics);
    started.push(producer);

    channels = new ChannelDirectory(channelSource(client), config.teamId(), config.channelIds());
    channels.refresh();
    log.info("watching {} channels", channels.size());

    Map<String, Long> cursors = new HashMap<>();
    for (ChannelCursor c : CursorReader.readAll(config.kafka(), config.topics().channelCursors(),
        Duration.ofSeconds(60)).values()) {
      cursors.put(c.getChannelId(), c.getLastUpdateAt());
    }
    RawEventMapper mapper = new RawEventMapper(config.mattermostUrl().toString(), config.ingestorId(),
        channels::teamOf);
    // the poller runs in every mode: with polling off it only runs the catch-ups every hello asks for
    poller = new Poller(postSource(client, config.catchUpHorizon()), channels, mapper, producer, cursors, config.pollingInterval(),
        config.pollingLookback(), metrics, System::currentTimeMillis, config.enablePolling());
    started.push(poller);
    poller.start();
    channels.onAdded(ids -> poller.catchUp());

    if (!config.statusInterval().isZero()) {
      // the bot's own status arrives over its WebSocket when streaming; everyone else's only by polling
      statuses = new StatusPoller(statusSource(client), channels, mapper, producer, config.statusInterval(),
          MAX_STATUS_USERS, config.enableStreaming() ? botUserId : null, metrics, System::currentTimeMillis);
      started.push(statuses);
      statuses.start();
    }

    if (config.enableStreaming()) {
      StreamSettings settings = new StreamSettings(config.mattermostUrl(), config.token(), config.helloTimeout(),
          config.pingInterval(), config.autoReconnect(), config.reconnectDelay(), Duration.ofMinutes(5),
          config.maxReconnectAttempts());
      var listener = new PublishingStreamListener(mapper, producer, channels, botUserId, poller::catchUp,
          poller::streamed);
      stream = new WebSocketStream(settings, listener, client.users()::me, metrics);
      started.push(stream);
      awaitStream(stream.start());
    }

    if (config.metricsPort() > 0) {
      metricsServer = OpsServer.start(config.metricsPort(), metrics::scrape, () -> {
        Health h = health();
        return new OpsServer.HealthView(h.toJson(), h.status() != Health.Status.DOWN);
      });
      started.push(metricsServer);
      log.info("metrics and health on port {}", metricsServer.port());
    }
    log.info("ingestor {} running", config.ingestorId());
  }

  /** With polling on, a WebSocket that is slow to come up is only logged; with polling off, it is fatal. */
  private void awaitStream(java.util.concurrent.CompletableFuture<Void> ready) {
    // streaming-only waits through the reconnect budget; with polling it only waits for a first answer
    long waitMs = config.helloTimeout().toMillis() + (config.enablePolling() ? 2_000 : 30_000);
    try {
      ready.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!config.enablePolling()) {
        throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
      }
      log.warn("WebSocket is not connected ({}); polling continues", cause.getMessage());
    } catch (TimeoutException e) {
      if (!config.enablePolling()) {
        throw new IllegalStateException("streaming is the only source and the WebSocket did not connect within "
            + waitMs + " ms: " + stream.lastError());
      }
      log.warn("WebSocket not connected yet; polling continues while it retries");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting the WebSocket", e);
    }
  }

  private static ChannelSource channelSource(MattermostClient client) {
    return new ChannelSource() {
      @Override
      public List<String> myTeamIds() {
        return client.teams().myTeamIds();
      }

      @Override
      public List<ChannelInfo> myChannels(String teamId) {
        return client.channels().myChannels(teamId);
      }
    };
  }

  /** Channel members (paged, 200 at a time) and their statuses through the shared client. */
  private static StatusSource statusSource(MattermostClient client) {
    return new StatusSource() {
      @Override
      public List<String> members(String channelId) {
        List<String> out = new ArrayList<>();
        for (int page = 0; ; page++) {
          JsonNode got = client.channels().members(channelId, page, MEMBERS_PER_PAGE);
          got.forEach(m -> out.add(Json.text(m, "user_id")));
          if (got.size() < MEMBERS_PER_PAGE) {
            return out;
          }
        }
      }

      @Override
      public Map<String, String> statuses(Collection<String> userIds) {
        Map<String, String> out = new HashMap<>();
        client.users().statuses(userIds).forEach(st -> out.put(Json.text(st, "user_id"), Json.text(st, "status")));
        return out;
      }
    };
  }

  /** Mattermost's posts through the shared client; the catch-up horizon moves with the wall clock. */
  private static PostSource postSource(MattermostClient client, Duration horizon) {
    return new PostSource() {
      @Override
      public PostSource.Rows postsSince(String channelId, long since) {
        PostRows got = client.posts().since(channelId, since, System.currentTimeMillis() - horizon.toMillis());
        return new PostSource.Rows(got.rows().stream().map(PostParser::post).toList(), got.gap());
      }

      @Override
      public Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId) {
        Map<String, List<Reaction>> out = new HashMap<>();
        client.posts().reactionsOf(postIds).forEach((id, rs) -> out.put(id,
            rs.stream().map(r -> PostParser.reaction(r, channelId)).toList()));
        return out;
      }
    };
  }

  /** The current health (cheap; safe to call often). */
  public Health health() {
    String ws = stream == null ? "DISABLED" : stream.state().name();
    boolean wsOk = stream != null && stream.state() == StreamState.CONNECTED;
    boolean polling = config.enablePolling() && poller != null;
    int nChannels = channels == null ? 0 : channels.size();
    boolean pollOk = polling && (poller.failingChannels() == 0 || poller.failingChannels() < nChannels);
    boolean producerTrouble = producer != null && producer.lastErrorAt() > 0
        && System.currentTimeMillis() - producer.lastErrorAt() < ERROR_MEMORY_MS;
    boolean kafkaDown = producer != null && !producer.available();
    Health.Status status;
    if (started.isClosed() || kafkaDown || (!wsOk && !pollOk)) {
      status = Health.Status.DOWN;
    } else if ((config.enableStreaming() && !wsOk) || (polling && poller.failingChannels() > 0) || producerTrouble) {
      status = Health.Status.DEGRADED;
    } else {
      status = Health.Status.UP;
    }
    String lastError = kafkaDown ? "Kafka unavailable since "
        + java.time.Instant.ofEpochMilli(producer.unavailableSince()) + ", not reading Mattermost: "
        + producer.lastError()
        : producerTrouble ? producer.lastError()
        : stream != null && stream.lastError() != null ? stream.lastError()
        : poller != null && poller.failingChannels() > 0 ? poller.lastError() : null;
    return new Health(status, ws, nChannels, polling ? poller.lastPoll() : null, lastError,
        metrics.producerErrors(), metrics.deadLetters(), kafkaDown ? "UNAVAILABLE" : "OK");
  }

  public IngestorMetrics metrics() {
    return metrics;
  }

  public IngestorConfig config() {
    return config;
  }

  /** The bot's user id, learnt from /users/me. */
  public String botUserId() {
    return botUserId;
  }

  /** The port /metrics and /health are served on, or 0. */
  public int metricsPort() {
    return metricsServer == null ? 0 : metricsServer.port();
  }

  /** Runs a REST catch-up of every channel now; completes when it is done (tests and operators). */
  public java.util.concurrent.CompletableFuture<Void> catchUp() {
    return poller.catchUp();
  }

  @Override
  public void close() {
    if (!started.isClosed()) {
      started.close();
      log.info("ingestor {} stopped", config.ingestorId());
    }
  }

  public static void main(String[] args) {
    IngestorConfig config = IngestorConfig.fromEnv(System.getenv());
    IngestorMain ingestor;
    try {
      ingestor = start(config);
    } catch (RuntimeException e) {
      log.error("ingestor failed to start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Shutdown.closeOnExit("ingestor", ingestor);
  }
}
