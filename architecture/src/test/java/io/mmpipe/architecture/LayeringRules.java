package io.mmpipe.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of mmpipe, as rules over main classes. Shared by {@link LayeringTest} (the product must hold them)
 * and {@link LayeringRulesCanFailTest} (each one fails on a class that breaks it).
 */
final class LayeringRules {

  static final String INGESTOR = "io.mmpipe.ingestor..";
  static final String PROCESSOR = "io.mmpipe.streams..";
  static final String ANALYTICS = "io.mmpipe.analytics..";
  static final String GATEWAY = "io.mmpipe.gateway..";
  static final String SIM = "io.mmpipe.sim..";
  static final String TESTKIT = "io.mmpipe.testkit..";
  static final String DEVKIT = "io.mmpipe.devkit..";
  static final String DEV_STACK = "io.mmpipe.devstack..";
  static final String CONTRACTS = "io.mmpipe.schemas..";
  static final String RUNTIME = "io.mmpipe.runtime..";
  static final String CLIENT = "io.mmpipe.mattermost..";

  private LayeringRules() {}

  /** Each tier runs as its own process: it may use the contracts and the runtime, never another tier's code. */
  static ArchRule tierDoesNotImportOthers(String tier, String... others) {
    String[] banned = concat(others, SIM, TESTKIT, DEVKIT, DEV_STACK);
    return noClasses().that().resideInAPackage(tier)
        .should().dependOnClassesThat().resideInAnyPackage(banned)
        .as("the tier " + tier + " imports no other tier, the simulator, testkit, devkit or dev-stack")
        .because("each tier is deployed and scaled alone; a shared need belongs in schemas or runtime");
  }

  static final ArchRule INGESTOR_IS_ALONE = tierDoesNotImportOthers(INGESTOR, PROCESSOR, GATEWAY, ANALYTICS);
  static final ArchRule PROCESSOR_IS_ALONE = tierDoesNotImportOthers(PROCESSOR, INGESTOR, GATEWAY, ANALYTICS);
  static final ArchRule GATEWAY_IS_ALONE = tierDoesNotImportOthers(GATEWAY, INGESTOR, PROCESSOR, ANALYTICS);
  static final ArchRule ANALYTICS_IS_ALONE = tierDoesNotImportOthers(ANALYTICS, INGESTOR, PROCESSOR, GATEWAY);

  /** The simulator stands in for Mattermost: it knows nothing of what reads it. */
  static final ArchRule SIM_IS_ALONE = noClasses().that().resideInAPackage(SIM)
      .should().dependOnClassesThat().resideInAnyPackage(INGESTOR, PROCESSOR, GATEWAY, CONTRACTS, TESTKIT, DEVKIT,
          DEV_STACK)
      .as("the simulator imports nothing of mmpipe but the runtime");

  /** Classes of {@code pkg} depend on no class of ours outside {@code pkg}. */
  static ArchRule importsNothingOfOursOutside(String pkg, String why) {
    return noClasses().that().resideInAPackage(pkg)
        .should().dependOnClassesThat(resideInAPackage("io.mmpipe..").and(resideOutsideOfPackage(pkg)))
        .as(pkg + " imports nothing of mmpipe outside itself")
        .because(why);
  }

  static final ArchRule CONTRACTS_IMPORT_NOTHING_OF_OURS = importsNothingOfOursOutside(CONTRACTS,
      "the contracts are all a reader of the topics needs, and nothing more");

  static final ArchRule RUNTIME_IMPORTS_NOTHING_OF_OURS = importsNothingOfOursOutside(RUNTIME,
      "every process uses it, the simulator included, which must not get the contracts through it");

  /**
   * The Mattermost client is shared by the ingestor and the gateway (which may import it): it speaks Mattermost's
   * JSON and leans only on the runtime, so neither tier gets another's code, or the contracts, through it.
   */
  static final ArchRule CLIENT_IMPORTS_ONLY_THE_RUNTIME = noClasses().that().resideInAPackage(CLIENT)
      .should().dependOnClassesThat(resideInAPackage("io.mmpipe..").and(resideOutsideOfPackage(CLIENT))
          .and(resideOutsideOfPackage(RUNTIME)))
      .as("the Mattermost client imports nothing of mmpipe but the runtime")
      .because("both tiers use it; what it imported would become every tier's dependency");

  /** A feature is composed by its module's *Main; it never reaches back for it. */
  static final ArchRule FEATURES_DO_NOT_IMPORT_MAINS = noClasses()
      .that().resideInAnyPackage("io.mmpipe.ingestor.*..", "io.mmpipe.streams.*..", "io.mmpipe.gateway.*..",
          "io.mmpipe.analytics.*..",
          "io.mmpipe.sim.*..", "io.mmpipe.mattermost.*..")
      .should().dependOnClassesThat().haveSimpleNameEndingWith("Main")
      .as("feature packages never import a *Main (the composition root)");

  /** Feature packages of one module form no cycle. */
  static final ArchRule NO_CYCLES_BETWEEN_FEATURES = slices().matching("io.mmpipe.(*).(*)..")
      .namingSlices("$1.$2")
      .should().beFreeOfCycles()
      .as("no package cycles between the feature packages of a module");

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
