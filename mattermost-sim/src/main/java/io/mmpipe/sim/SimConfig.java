package io.mmpipe.sim;

import io.mmpipe.runtime.config.Env;
import io.mmpipe.sim.world.ChangeLog;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one simulator. The first three components are the contract other modules use; the rest default to
 * a real Mattermost's values and exist so tests can shorten the server's timers.
 *
 * @param port 0 picks a free port
 * @param seed seeds ids and the load generator's choices, so a run is repeatable
 * @param rateLimit the real Mattermost limiter: 10 requests/s, burst 100, per remote address
 * @param botIsAdmin when true the bot gets the sensitive copy of post_deleted (with delete_by) like a system admin
 * @param invalidTokenCloseDelay how long a socket opened with an invalid header token lingers before it is closed
 * @param pingInterval how often ping control frames are sent
 * @param pongTimeout a socket whose last pong is older than this is dropped (resumable)
 * @param inactiveTimeout how long a dropped connection stays resumable
 * @param changeLogLimit how many of the most recent changes the change log ({@link WorldControls#changes()}, the
 *     control API's {@code /_sim/changes}) keeps; older ones are dropped, indexes stay put
 */
public record SimConfig(int port, long seed, boolean rateLimit, boolean botIsAdmin, Duration invalidTokenCloseDelay,
                        Duration pingInterval, Duration pongTimeout, Duration inactiveTimeout, int changeLogLimit) {

  public SimConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    Objects.requireNonNull(invalidTokenCloseDelay, "invalidTokenCloseDelay");
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(pongTimeout, "pongTimeout");
    Objects.requireNonNull(inactiveTimeout, "inactiveTimeout");
    if (pingInterval.isZero() || pingInterval.isNegative() || pongTimeout.isZero() || pongTimeout.isNegative()) {
      throw new IllegalArgumentException("pingInterval and pongTimeout must be positive");
    }
    if (changeLogLimit < 1 || changeLogLimit > ChangeLog.MAX_LIMIT) {
      throw new IllegalArgumentException("changeLogLimit must be 1 to " + ChangeLog.MAX_LIMIT + ": " + changeLogLimit);
    }
  }

  /** The contract constructor: the real server's timers, the bot not an admin. */
  public SimConfig(int port, long seed, boolean rateLimit) {
    this(port, seed, rateLimit, false, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(100),
        Duration.ofMinutes(5), ChangeLog.DEFAULT_LIMIT);
  }

  /** Port 0, seed 42, no rate limit. */
  public static SimConfig defaults() {
    return new SimConfig(0, 42, false);
  }

  public SimConfig withPort(int p) {
    return new SimConfig(p, seed, rateLimit, botIsAdmin, invalidTokenCloseDelay, pingInterval, pongTimeout,
        inactiveTimeout, changeLogLimit);
  }

  public SimConfig withSeed(long s) {
    return new SimConfig(port, s, rateLimit, botIsAdmin, invalidTokenCloseDelay, pingInterval, pongTimeout,
        inactiveTimeout, changeLogLimit);
  }

  public SimConfig withRateLimit(boolean on) {
    return new SimConfig(port, seed, on, botIsAdmin, invalidTokenCloseDelay, pingInterval, pongTimeout,
        inactiveTimeout, changeLogLimit);
  }

  public SimConfig withBotIsAdmin(boolean admin) {
    return new SimConfig(port, seed, rateLimit, admin, invalidTokenCloseDelay, pingInterval, pongTimeout,
        inactiveTimeout, changeLogLimit);
  }

  public SimConfig withInvalidTokenCloseDelay(Duration d) {
    return new SimConfig(port, seed, rateLimit, botIsAdmin, d, pingInterval, pongTimeout, inactiveTimeout,
        changeLogLimit);
  }

  public SimConfig withKeepalive(Duration ping, Duration pongDeadline) {
    return new SimConfig(port, seed, rateLimit, botIsAdmin, invalidTokenCloseDelay, ping, pongDeadline,
        inactiveTimeout, changeLogLimit);
  }

  public SimConfig withChangeLogLimit(int limit) {
    return new SimConfig(port, seed, rateLimit, botIsAdmin, invalidTokenCloseDelay, pingInterval, pongTimeout,
        inactiveTimeout, limit);
  }

  public SimConfig withInactiveTimeout(Duration d) {
    return new SimConfig(port, seed, rateLimit, botIsAdmin, invalidTokenCloseDelay, pingInterval, pongTimeout, d,
        changeLogLimit);
  }

  /**
   * SIM_PORT (default 8065), SIM_SEED (42), SIM_RATE_LIMIT (false), SIM_BOT_ADMIN (false), SIM_PING_INTERVAL (60s),
   * SIM_PONG_TIMEOUT (100s), SIM_INVALID_TOKEN_CLOSE_DELAY (5s), SIM_INACTIVE_TIMEOUT (5m), SIM_CHANGE_LOG_LIMIT
   * (500,000). Every problem is reported at once.
   */
  public static SimConfig fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    int port = e.integer("SIM_PORT", 8065, 0, 65535);
    long seed = e.integer("SIM_SEED", 42, Integer.MIN_VALUE, Integer.MAX_VALUE);
    boolean rate = e.bool("SIM_RATE_LIMIT", false);
    boolean admin = e.bool("SIM_BOT_ADMIN", false);
    Duration ping = e.duration("SIM_PING_INTERVAL", Duration.ofSeconds(60), true);
    Duration pong = e.duration("SIM_PONG_TIMEOUT", Duration.ofSeconds(100), true);
    Duration invalid = e.duration("SIM_INVALID_TOKEN_CLOSE_DELAY", Duration.ofSeconds(5), true);
    Duration inactive = e.duration("SIM_INACTIVE_TIMEOUT", Duration.ofMinutes(5), true);
    int changeLog = e.integer("SIM_CHANGE_LOG_LIMIT", ChangeLog.DEFAULT_LIMIT, 1, ChangeLog.MAX_LIMIT);
    if (ping.isZero()) {
      e.problem("SIM_PING_INTERVAL must be positive");
    }
    if (pong.isZero()) {
      e.problem("SIM_PONG_TIMEOUT must be positive");
    }
    e.throwIfProblems("mattermost-sim");
    return new SimConfig(port, seed, rate, admin, invalid, ping, pong, inactive, changeLog);
  }
}
