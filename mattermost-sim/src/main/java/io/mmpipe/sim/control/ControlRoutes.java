package io.mmpipe.sim.control;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.sim.LoadGenerator;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.FaultControls;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.world.ChangeLog;
import io.mmpipe.sim.world.LockedWorld;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /_sim/...}: fault injection, load and stats over HTTP for the benchmark and the demo. No token, but only
 * callers on the loopback interface are answered.
 */
public final class ControlRoutes {

  /** The most changes one {@code /_sim/changes} page holds: a page is built under the world's lock. */
  public static final int MAX_PAGE = 10_000;
  /** The highest load rate accepted, changes per second. */
  public static final double MAX_RATE = 100_000;

  private final LockedWorld world;
  private final FaultControls faults;
  private final LoadGenerator load;

  public ControlRoutes(LockedWorld world, FaultControls faults, LoadGenerator load) {
    this.world = world;
    this.faults = faults;
    this.load = load;
  }

  public void install(RoutesConfig app) {
    app.before("/_sim/*", ControlRoutes::loopbackOnly);
    app.post("/_sim/faults/drop", ctx -> done(ctx, () -> faults.dropConnections()));
    app.post("/_sim/faults/forget", ctx -> done(ctx, () -> faults.forgetConnections()));
    app.post("/_sim/faults/stall", ctx -> {
      long ms = longParam(ctx, "ms", 1000, 0, 3_600_000);
      done(ctx, () -> faults.stall(Duration.ofMillis(ms)));
    });
    app.post("/_sim/faults/garbage", ctx -> {
      String frame = ctx.body();
      done(ctx, () -> faults.sendGarbage(frame));
    });
    app.post("/_sim/faults/skip-seq", ctx -> done(ctx, () -> faults.skipSequence()));
    app.post("/_sim/faults/silence", ctx -> {
      boolean on = !"false".equals(ctx.queryParam("on"));
      done(ctx, () -> faults.silence(on));
    });
    app.post("/_sim/faults/rest", ctx -> {
      int status = (int) longParam(ctx, "status", 503, 400, 599);
      int count = (int) longParam(ctx, "count", 1, 0, 1_000_000);
      long retryAfter = longParam(ctx, "retry_after", 1, 0, 3600);
      done(ctx, () -> faults.failRest(status, count, Duration.ofSeconds(retryAfter)));
    });
    app.post("/_sim/load", ctx -> {
      double rate = rateParam(ctx);
      int channels = (int) longParam(ctx, "channels", 3, 1, LockedWorld.MAX_LOAD_CHANNELS);
      LoadGenerator.Mode mode = modeParam(ctx);
      done(ctx, () -> load.start(rate, channels, mode));
    });
    app.delete("/_sim/load", ctx -> done(ctx, load::stop));
    app.post("/_sim/channels", ctx -> {
      String count = ctx.queryParam("count");
      if (count == null || count.isBlank()) {
        throw new IllegalArgumentException("count is required: how many channels the load should have");
      }
      int wanted = (int) longParam(ctx, "count", 0, 1, LockedWorld.MAX_LOAD_CHANNELS);
      List<String> ids = world.ensureLoadChannels(wanted);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channels", ids.size());
      m.put("channel_ids", ids);
      json(ctx, m);
    });
    app.get("/_sim/stats", ctx -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("connections", faults.openConnections());
      m.put("events_sent", faults.eventsSent());
      m.put("changes_made", world.changeCount());
      m.put("load_running", load.running());
      m.put("load_changes", load.changesMade());
      m.put("load_max_behind_ms", load.maxBehindMicros() / 1000.0);
      json(ctx, m);
    });
    app.get("/_sim/changes", ctx -> {
      long since = longParam(ctx, "since_index", 0, 0, Long.MAX_VALUE);
      int limit = (int) longParam(ctx, "limit", MAX_PAGE, 1, MAX_PAGE);
      ChangeLog.Page page = world.changesFrom(since, limit);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("next_index", page.nextIndex());
      // the log keeps the most recent changes only: a reader asking for dropped ones is told, never shifted
      m.put("first_index", page.firstIndex());
      m.put("dropped", page.dropped());
      m.put("changes", page.changes().stream().map(ControlRoutes::change).toList());
      json(ctx, m);
    });
  }

  private static Map<String, Object> change(SimChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", c.kind());
    m.put("post_id", c.postId());
    m.put("channel_id", c.channelId());
    m.put("user_id", c.userId());
    m.put("emoji_name", c.emojiName());
    m.put("at", c.at());
    return m;
  }

  private static void loopbackOnly(Context ctx) throws UnknownHostException {
    if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
      ctx.status(403).contentType("text/plain").result("the simulator control API answers on loopback only\n");
      ctx.skipRemainingHandlers();
    }
  }

  private static void done(Context ctx, Runnable action) {
    action.run();
    json(ctx, Map.of("status", "OK"));
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(Shapes.toJson(body));
  }

  /** A whole number in {@code [min, max]}, or {@code dflt} when absent; anything else is a 400 saying why. */
  private static long longParam(Context ctx, String name, long dflt, long min, long max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number (was '" + v + "')");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + " must be " + min + " to " + max + " (was " + n + ")");
    }
    return n;
  }

  /** {@code mix} (the default) or {@code posts}; anything else is a 400 saying which values there are. */
  private static LoadGenerator.Mode modeParam(Context ctx) {
    String v = ctx.queryParam("mode");
    if (v == null || v.isBlank()) {
      return LoadGenerator.Mode.MIX;
    }
    return switch (v.trim()) {
      case "mix" -> LoadGenerator.Mode.MIX;
      case "posts" -> LoadGenerator.Mode.POSTS;
      default -> throw new IllegalArgumentException("mode must be mix or posts (was '" + v + "')");
    };
  }

  private static double rateParam(Context ctx) {
    String v = ctx.queryParam("rate");
    if (v == null || v.isBlank()) {
      return 10;
    }
    double rate;
    try {
      rate = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rate must be a number of changes per second (was '" + v + "')");
    }
    // NaN and infinity would make the pacing interval 0: a generator spinning as fast as it can
    if (!(rate > 0 && rate <= MAX_RATE)) {
      throw new IllegalArgumentException("rate must be above 0 and at most " + MAX_RATE + " changes/s (was " + v + ")");
    }
    return rate;
  }
}
