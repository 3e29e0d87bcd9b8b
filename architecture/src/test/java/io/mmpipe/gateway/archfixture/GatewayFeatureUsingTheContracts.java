package io.mmpipe.gateway.archfixture;

import io.mmpipe.runtime.config.Env;
import io.mmpipe.schemas.Topics;

/** Keeps the tier rules: a gateway class using only the contracts and the runtime. */
public final class GatewayFeatureUsingTheContracts {
  Topics topics;
  Env env;
}
