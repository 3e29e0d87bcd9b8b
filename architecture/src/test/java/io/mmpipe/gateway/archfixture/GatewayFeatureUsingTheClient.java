package io.mmpipe.gateway.archfixture;

import io.mmpipe.mattermost.rest.MattermostClient;

/** Keeps "a tier imports no other tier": the Mattermost client is shared, not another tier. */
public final class GatewayFeatureUsingTheClient {
  MattermostClient client;
}
