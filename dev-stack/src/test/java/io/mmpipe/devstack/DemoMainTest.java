package io.mmpipe.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The demo's command line: {@code --registry} or nothing; anything else is refused with what it takes. */
class DemoMainTest {

  @Test
  void shouldRunInRegistryModeOnlyWithTheFlag() {
    assertThat(DemoMain.registryFlag(new String[0])).isFalse();
    assertThat(DemoMain.registryFlag(new String[] {"--registry"})).isTrue();
    assertThat(DemoMain.registryFlag(new String[] {"--registry", "--registry"})).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"--registy", "registry", "-r", "--registry=yes", "''"})
  void shouldRefuseAnyOtherArgumentWithTheUsage(String arg) {
    assertThatThrownBy(() -> DemoMain.registryFlag(new String[] {arg}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown demo option '" + arg + "'; the demo takes only --registry (start an Apicurio Registry "
            + "and run every tier in registry mode)");
  }
}
