package io.mmpipe.gateway.archfixture;

import io.mmpipe.ingestor.IngestorConfig;

/** Breaks "tiers never import each other": a gateway class reaching into the ingestor. */
public final class GatewayFeatureUsingTheIngestor {
  IngestorConfig config;
}
