package io.mmpipe.mattermost.archfixture;

import io.mmpipe.runtime.config.Secret;

/** Keeps "the Mattermost client imports nothing of ours but the runtime". */
public final class ClientUsingTheRuntime {
  Secret token;
}
