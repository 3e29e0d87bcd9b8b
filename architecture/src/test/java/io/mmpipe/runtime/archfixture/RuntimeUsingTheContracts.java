package io.mmpipe.runtime.archfixture;

import io.mmpipe.schemas.Topics;

/** Breaks "the runtime imports nothing else of ours". */
public final class RuntimeUsingTheContracts {
  Topics topics;
}
