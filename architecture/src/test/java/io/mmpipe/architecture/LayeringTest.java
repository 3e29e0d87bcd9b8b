package io.mmpipe.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The product's main classes, every module, hold every layering rule. */
@AnalyzeClasses(packages = "io.mmpipe", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest static final ArchRule ingestorIsAlone = LayeringRules.INGESTOR_IS_ALONE;
  @ArchTest static final ArchRule processorIsAlone = LayeringRules.PROCESSOR_IS_ALONE;
  @ArchTest static final ArchRule gatewayIsAlone = LayeringRules.GATEWAY_IS_ALONE;
  @ArchTest static final ArchRule analyticsIsAlone = LayeringRules.ANALYTICS_IS_ALONE;
  @ArchTest static final ArchRule simIsAlone = LayeringRules.SIM_IS_ALONE;
  @ArchTest static final ArchRule contractsImportNothingOfOurs = LayeringRules.CONTRACTS_IMPORT_NOTHING_OF_OURS;
  @ArchTest static final ArchRule runtimeImportsNothingOfOurs = LayeringRules.RUNTIME_IMPORTS_NOTHING_OF_OURS;
  @ArchTest static final ArchRule clientImportsOnlyTheRuntime = LayeringRules.CLIENT_IMPORTS_ONLY_THE_RUNTIME;
  @ArchTest static final ArchRule featuresDoNotImportMains = LayeringRules.FEATURES_DO_NOT_IMPORT_MAINS;
  @ArchTest static final ArchRule noCyclesBetweenFeatures = LayeringRules.NO_CYCLES_BETWEEN_FEATURES;
}
