package io.mmpipe.mattermost.archfixture;

import io.mmpipe.schemas.Topics;

/** Breaks "the Mattermost client imports nothing of ours but the runtime". */
public final class ClientUsingTheContracts {
  Topics topics;
}
