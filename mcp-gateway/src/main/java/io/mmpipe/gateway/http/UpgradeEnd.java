package io.mmpipe.gateway.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * What a WebSocket upgrade took that its connection gives back when it ends (a stream permit, a place in the global
 * connection count). A before-upgrade handler registers the release on the upgrade request; the endpoint that takes
 * the connection collects the releases and runs them once, when the connection ends or the upgrade fails. The
 * connection then holds only these few callbacks, not the upgrade request.
 */
public final class UpgradeEnd {

  private static final String KEY = "mmpipe.upgrade.end";

  private UpgradeEnd() {}

  /** Runs {@code release} once the connection {@code ctx} upgrades to has ended, or at once if it never opens. */
  public static void onEnd(Context ctx, Runnable release) {
    List<Runnable> all = ctx.attribute(KEY);
    if (all == null) {
      all = new ArrayList<>(2);
      ctx.attribute(KEY, all);
    }
    all.add(release);
  }

  /** Takes the releases registered on {@code ctx} (none: an empty list); they are the caller's to run. */
  public static List<Runnable> take(Context ctx) {
    List<Runnable> all = ctx.attribute(KEY);
    ctx.attribute(KEY, null);
    return all == null ? List.of() : all;
  }
}
