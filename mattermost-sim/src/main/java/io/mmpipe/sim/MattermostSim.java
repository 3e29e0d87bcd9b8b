package io.mmpipe.sim;

import io.javalin.Javalin;
import io.mmpipe.sim.control.ControlRoutes;
import io.mmpipe.sim.faults.FaultSwitchboard;
import io.mmpipe.sim.load.RandomLoad;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.rest.ApiSupport;
import io.mmpipe.sim.rest.ChannelRoutes;
import io.mmpipe.sim.rest.FileRoutes;
import io.mmpipe.sim.rest.IdentityRoutes;
import io.mmpipe.sim.rest.InjectedRestFailures;
import io.mmpipe.sim.rest.PostRoutes;
import io.mmpipe.sim.rest.RateLimiter;
import io.mmpipe.sim.rest.UserChannelRoutes;
import io.mmpipe.sim.world.LockedWorld;
import io.mmpipe.sim.ws.EventSink;
import io.mmpipe.sim.ws.Hub;
import io.mmpipe.sim.ws.HubSettings;
import io.mmpipe.sim.ws.WebSocketEndpoint;
import io.mmpipe.sim.ws.WsEvent;
import java.net.URI;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mattermost REST v4 + WebSocket server on one port, with a seeded world, fault injection and a load generator.
 * The composition root of the module.
 */
public final class MattermostSim implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MattermostSim.class);

  private final LockedWorld world;
  private final Hub hub;
  private final FaultSwitchboard faults;
  private final RandomLoad load;
  private final Javalin app;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MattermostSim(LockedWorld world, Hub hub, FaultSwitchboard faults, RandomLoad load, Javalin app) {
    this.world = world;
    this.hub = hub;
    this.faults = faults;
    this.load = load;
    this.app = app;
  }

  /** Starts on 127.0.0.1 (tests, the embedded demo). */
  public static MattermostSim start(SimConfig config) {
    return start(config, "127.0.0.1");
  }

  /** Starts on {@code host} (0.0.0.0 in a container; the /_sim control API still answers loopback callers only). */
  public static MattermostSim start(SimConfig config, String host) {
    AtomicReference<Hub> hubRef = new AtomicReference<>();
    SimClock clock = new SimClock();
    LockedWorld world = new LockedWorld(config.seed(), config.botIsAdmin(), clock, new EventSink() {
      @Override
      public void publish(WsEvent e) {
        Hub h = hubRef.get();
        if (h != null) {
          h.publish(e);
        }
      }

      @Override
      public boolean reaches(String userId) {
        Hub h = hubRef.get();
        return h != null && h.reaches(userId);
      }
    }, config.changeLogLimit());
    AtomicReference<String> version = new AtomicReference<>(defaultVersion(config.seed()));
    Ids connectionIds = new Ids(config.seed() ^ 0x5eedc0deL);
    Hub hub = new Hub(new WorldWebSocketBackend(world, connectionIds, version::get),
        new HubSettings(config.pingInterval(), config.pongTimeout(), config.invalidTokenCloseDelay(),
            config.inactiveTimeout(), "mattermost-sim"));
    hubRef.set(hub);
    InjectedRestFailures restFailures = new InjectedRestFailures();
    FaultSwitchboard faults = new FaultSwitchboard(hub, restFailures, version);
    RandomLoad load = new RandomLoad(world, channel -> world.read(s -> s.channel(channel)
        .map(c -> c.members().stream().filter(u -> s.user(u).map(x -> !x.isBot()).orElse(false)).sorted().toList())
        .orElse(java.util.List.of())), userId -> world.user(userId).username(), config.seed());
    Ids requestIds = new Ids(config.seed() ^ 0x4e9L);
    ApiSupport api = new ApiSupport(world, requestIds, version::get,
        config.rateLimit() ? new RateLimiter() : null, restFailures);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      // the WebSocket endpoint is its own servlet beside Javalin's, so its refusals stay AppError JSON
      cfg.jetty.modifyServletContextHandler(handler -> {
        ServletHolder ws = new ServletHolder("mattermost-websocket", new WebSocketEndpoint(hub, requestIds::next));
        handler.addServlet(ws, "/api/v4/websocket");
        handler.addServlet(ws, "/api/v4/websocket/");
      });
      api.install(cfg.routes);
      new IdentityRoutes(world, api).install(cfg.routes);
      new UserChannelRoutes(world, api).install(cfg.routes);
      new PostRoutes(world, api).install(cfg.routes);
      new ChannelRoutes(world, api).install(cfg.routes);
      new FileRoutes(world, api).install(cfg.routes);
      new ControlRoutes(world, faults, load).install(cfg.routes);
    });
    try {
      app.start(host, config.port());
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
    MattermostSim sim = new MattermostSim(world, hub, faults, load, app);
    log.info("mattermost-sim listening on {}:{} (rate limit {}, bot admin {})", host, sim.port(), config.rateLimit(),
        config.botIsAdmin());
    return sim;
  }

  /** A version string shaped like the real one: version.build.confighash.licensed. */
  private static String defaultVersion(long seed) {
    byte[] hash = new byte[16];
    new Random(seed).nextBytes(hash);
    return "10.11.0.10.11.0." + HexFormat.of().formatHex(hash) + ".false";
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return app.port();
  }

  public String botToken() {
    return world.tokenOf(world.botUserId());
  }

  public String botUserId() {
    return world.botUserId();
  }

  public WorldControls world() {
    return world;
  }

  public FaultControls faults() {
    return faults;
  }

  public LoadGenerator load() {
    return load;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      load.close();
      hub.close();
      app.stop();
      log.info("mattermost-sim stopped");
    }
  }
}
