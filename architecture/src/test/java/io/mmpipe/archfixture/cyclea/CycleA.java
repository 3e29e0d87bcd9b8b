package io.mmpipe.archfixture.cyclea;

import io.mmpipe.archfixture.cycleb.CycleB;

/** With {@link CycleB}, breaks "no package cycles between features". */
public final class CycleA {
  CycleB other;
}
