package io.mmpipe.archfixture.cycleb;

import io.mmpipe.archfixture.cyclea.CycleA;

/** With {@link CycleA}, breaks "no package cycles between features". */
public final class CycleB {
  CycleA other;
}
