package io.mmpipe.gateway.archfixture;

import io.mmpipe.sim.SimConfig;

/** Breaks "tiers never import the simulator". */
public final class GatewayFeatureUsingTheSimulator {
  SimConfig config;
}
