package io.mmpipe.sim.ws;

import java.time.Duration;

/** The hub's timers (the real server's are 60 s ping, 100 s pong deadline, 5 s invalid-token linger, 5 min reap). */
public record HubSettings(Duration pingInterval, Duration pongTimeout, Duration invalidTokenCloseDelay,
                          Duration inactiveTimeout, String hostname) {}
