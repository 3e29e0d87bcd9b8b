package io.mmpipe.schemas.archfixture;

import io.mmpipe.runtime.config.Env;

/** Breaks "contracts import nothing of ours". */
public final class ContractUsingTheRuntime {
  Env env;
}
