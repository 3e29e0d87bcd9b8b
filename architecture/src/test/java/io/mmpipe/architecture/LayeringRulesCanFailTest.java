package io.mmpipe.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.mmpipe.archfixture.cyclea.CycleA;
import io.mmpipe.archfixture.cycleb.CycleB;
import io.mmpipe.gateway.archfixture.GatewayFeatureUsingItsMain;
import io.mmpipe.gateway.archfixture.GatewayFeatureUsingTheClient;
import io.mmpipe.gateway.archfixture.GatewayFeatureUsingTheContracts;
import io.mmpipe.gateway.archfixture.GatewayFeatureUsingTheIngestor;
import io.mmpipe.gateway.archfixture.GatewayFeatureUsingTheSimulator;
import io.mmpipe.mattermost.archfixture.ClientUsingTheContracts;
import io.mmpipe.mattermost.archfixture.ClientUsingTheRuntime;
import io.mmpipe.runtime.archfixture.RuntimeUsingTheContracts;
import io.mmpipe.schemas.archfixture.ContractUsingTheRuntime;
import io.mmpipe.sim.archfixture.SimulatorUsingTheContracts;
import org.junit.jupiter.api.Test;

/**
 * Each layering rule, run against a class kept in these test sources that breaks it on purpose, reports that
 * class: a rule that could never fail would prove nothing in {@link LayeringTest}.
 */
class LayeringRulesCanFailTest {

  private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported);
  }

  private static void assertViolatedBy(ArchRule rule, Class<?>... offenders) {
    EvaluationResult result = evaluate(rule, offenders);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    for (Class<?> offender : offenders) {
      assertThat(report).contains(offender.getName());
    }
  }

  @Test
  void shouldFailWhenATierImportsAnotherTier() {
    assertViolatedBy(LayeringRules.GATEWAY_IS_ALONE, GatewayFeatureUsingTheIngestor.class);
  }

  @Test
  void shouldFailWhenATierImportsTheSimulator() {
    assertViolatedBy(LayeringRules.GATEWAY_IS_ALONE, GatewayFeatureUsingTheSimulator.class);
  }

  @Test
  void shouldFailWhenTheContractsImportTheRuntime() {
    assertViolatedBy(LayeringRules.CONTRACTS_IMPORT_NOTHING_OF_OURS, ContractUsingTheRuntime.class);
  }

  @Test
  void shouldFailWhenTheRuntimeImportsTheContracts() {
    assertViolatedBy(LayeringRules.RUNTIME_IMPORTS_NOTHING_OF_OURS, RuntimeUsingTheContracts.class);
  }

  @Test
  void shouldFailWhenTheSimulatorImportsTheContracts() {
    assertViolatedBy(LayeringRules.SIM_IS_ALONE, SimulatorUsingTheContracts.class);
  }

  @Test
  void shouldFailWhenTheMattermostClientImportsTheContracts() {
    assertViolatedBy(LayeringRules.CLIENT_IMPORTS_ONLY_THE_RUNTIME, ClientUsingTheContracts.class);
  }

  @Test
  void shouldFailWhenAFeatureImportsItsMain() {
    assertViolatedBy(LayeringRules.FEATURES_DO_NOT_IMPORT_MAINS, GatewayFeatureUsingItsMain.class);
  }

  @Test
  void shouldFailOnACycleBetweenFeaturePackages() {
    EvaluationResult result = evaluate(LayeringRules.NO_CYCLES_BETWEEN_FEATURES, CycleA.class, CycleB.class);
    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("archfixture.cyclea").contains("archfixture.cycleb");
  }

  @Test
  void shouldPassOnClassesThatKeepTheRules() {
    // the same rules on well-behaved classes: a rule that fails on everything would prove nothing either
    assertThat(evaluate(LayeringRules.GATEWAY_IS_ALONE, GatewayFeatureUsingTheContracts.class).hasViolation())
        .isFalse();
    assertThat(evaluate(LayeringRules.NO_CYCLES_BETWEEN_FEATURES, CycleA.class).hasViolation()).isFalse();
    // the client may use the runtime, and a tier may use the client
    assertThat(evaluate(LayeringRules.CLIENT_IMPORTS_ONLY_THE_RUNTIME, ClientUsingTheRuntime.class).hasViolation())
        .isFalse();
    assertThat(evaluate(LayeringRules.GATEWAY_IS_ALONE, GatewayFeatureUsingTheClient.class).hasViolation())
        .isFalse();
  }
}
