package io.mmpipe.gateway.archfixture;

import io.mmpipe.gateway.GatewayMain;

/** Breaks "feature packages never import a *Main". */
public final class GatewayFeatureUsingItsMain {
  GatewayMain main;
}
