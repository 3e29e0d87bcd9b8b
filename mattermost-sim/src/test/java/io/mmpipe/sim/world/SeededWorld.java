package io.mmpipe.sim.world;

import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.ws.WsEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the world unit tests: a fresh world per test from a fixed seed and a frozen clock (so ids and times
 * repeat), every event it broadcasts collected, and the users and channel most tests act with.
 */
abstract class SeededWorld {

  final List<WsEvent> events = new ArrayList<>();
  LockedWorld world;
  String alice;
  String bob;
  String townSquare;

  @BeforeEach
  void seedWorld() {
    world = new LockedWorld(42, false, new SimClock(() -> 1_000_000), events::add);
    alice = world.userIds().get(0);
    bob = world.userIds().get(1);
    townSquare = world.botChannelIds().get(0);
  }
}
