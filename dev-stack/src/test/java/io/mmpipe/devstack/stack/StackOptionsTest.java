package io.mmpipe.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bad-input table of {@code ./mmpipe stack} (README, "Process stack"), answer by answer. */
class StackOptionsTest {

  private static StackOptions parse(String line) {
    return StackOptions.parse(line.isBlank() ? List.of() : Arrays.asList(line.split(" ")), 6);
  }

  @Test
  void shouldReadUpsOptionsInBothSpellings() {
    assertThat(parse("up --gateways 3 --ingestors=2 --processors 6 --brokers 3 --port 0 --analytics 1"))
        .isEqualTo(new StackOptions("up", 3, 2, 6, 3, 0, 1));
    assertThat(parse("up")).isEqualTo(new StackOptions("up", 1, 1, 1, 1, 8080, 0));
    assertThat(parse("status").command()).isEqualTo("status");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "' '|missing command: one of up, down, status",
      "start|unknown command 'start': one of up, down, status",
      "up --gateway 3|unknown option '--gateway'",
      "up --gateways|--gateways needs a value",
      "up --gateways three|--gateways must be a whole number (was 'three')",
      "up --gateways 0|--gateways must be between 1 and 16 (was 0)",
      "up --gateways 17|--gateways must be between 1 and 16 (was 17)",
      "up --ingestors 5|--ingestors must be between 1 and 4 (was 5)",
      "up --processors 7|--processors 7 is more than the 6 partitions of the topics",
      "up --processors -1|--processors must be between 1 and",
      "up --brokers 2|--brokers must be 1 or 3 (was 2)",
      "up --analytics 2|--analytics must be between 0 and 1 (was 2)",
      "up --brokers 4|--brokers must be between 1 and 3 (was 4)",
      "up --port 70000|--port must be between 0 and 65535 (was 70000)",
      "down --gateways 3|down takes no options",
      "status now|status takes no options"})
  void shouldAnswerBadInputWithOneLine(String line, String answer) {
    assertThatThrownBy(() -> parse(line.trim())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(answer).hasNoCause();
  }
}
