package io.mmpipe.sim;

import io.mmpipe.runtime.config.Env;
import io.mmpipe.runtime.lifecycle.Shutdown;
import java.util.Map;

/**
 * Runs the simulator as its own process: SIM_PORT (8065), SIM_HOST (0.0.0.0), SIM_LOAD_RATE (0 = no load),
 * SIM_LOAD_CHANNELS (3), SIM_RATE_LIMIT, plus the timers of {@link SimConfig#fromEnv}. Prints the bot token so a
 * local ingestor can be pointed at it, and the demo users' logins and tokens (the simulator's tokens are test
 * fixtures, not secrets).
 */
public final class SimMain {

  private SimMain() {}

  /**
   * The process part of the environment (the rest is {@link SimConfig#fromEnv}).
   *
   * @param botToken SIM_BOT_TOKEN: a token chosen by whoever runs the simulator (docker compose hands the same one
   *                 to the ingestor), or null
   */
  public record LoadSettings(String host, double rate, int channels, String botToken) {

    public static LoadSettings fromEnv(Map<String, String> env) {
      Env e = new Env(env);
      String host = e.string("SIM_HOST", "0.0.0.0");
      int channels = e.integer("SIM_LOAD_CHANNELS", 3, 1, 1000);
      double rate = 0;
      String r = e.string("SIM_LOAD_RATE", "0");
      try {
        rate = Double.parseDouble(r);
        if (rate < 0) {
          e.problem("SIM_LOAD_RATE must not be negative (was " + r + ")");
        }
      } catch (NumberFormatException ex) {
        e.problem("SIM_LOAD_RATE must be a number of changes per second (was '" + r + "')");
      }
      String botToken = e.optional("SIM_BOT_TOKEN").orElse(null);
      e.throwIfProblems("mattermost-sim");
      return new LoadSettings(host, rate, channels, botToken);
    }
  }

  /** Starts the simulator and its load as configured; the returned handle closes both. */
  public static MattermostSim start(SimConfig config, double loadRate, int loadChannels, String host) {
    MattermostSim sim = MattermostSim.start(config, host);
    if (loadRate > 0) {
      sim.load().start(loadRate, loadChannels);
    }
    return sim;
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    SimConfig config = SimConfig.fromEnv(env);
    LoadSettings load = LoadSettings.fromEnv(env);
    MattermostSim sim = start(config, load.rate(), load.channels(), load.host());
    String botToken = load.botToken();
    if (botToken != null) {
      sim.world().addAccessToken(sim.botUserId(), botToken);
    }
    System.out.println("mattermost-sim ready at " + sim.baseUrl());
    System.out.println("team id:   " + sim.world().teamId());
    System.out.println("bot user:  " + sim.botUserId());
    System.out.println("bot token: " + sim.botToken() + (botToken != null
        ? " (and SIM_BOT_TOKEN)" : ""));
    System.out.print(DemoUsersText.render(sim.world().demoUsers()));
    Shutdown.closeOnExit("mattermost-sim", sim);
  }
}
