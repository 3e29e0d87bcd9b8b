package io.mmpipe.sim.archfixture;

import io.mmpipe.schemas.Topics;

/** Breaks "the simulator imports nothing of mmpipe but the runtime". */
public final class SimulatorUsingTheContracts {
  Topics topics;
}
