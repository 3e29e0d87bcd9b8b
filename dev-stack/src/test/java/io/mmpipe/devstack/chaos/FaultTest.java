package io.mmpipe.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code ./mmpipe chaos quick|full [--only row,...]}: the rows each command line runs, and its bad-input table. */
class FaultTest {

  @Test
  void shouldRunTheSuitesRowsOrOnlyTheChosenOnesInTheSuitesOrder() {
    assertThat(Fault.parse(List.of("quick"))).containsExactly(Fault.KILL_GATEWAY, Fault.KILL_PROCESSOR,
        Fault.KILL_INGESTOR, Fault.REDIS_RESTART);
    assertThat(Fault.parse(List.of("full"))).contains(Fault.CONNECTION_STORM, Fault.BROKER3_RESTART)
        .hasSize(Fault.values().length);
    assertThat(Fault.parse(List.of("full", "--only", "broker3,storm,storm")))
        .containsExactly(Fault.CONNECTION_STORM, Fault.BROKER3_RESTART);
  }

  @Test
  void shouldRunOnlyTheQuorumRowOnThreeBrokers() {
    assertThat(List.of(Fault.values())).filteredOn(f -> f.brokers() == 3).containsExactly(Fault.BROKER3_RESTART);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                          | chaos takes a suite: quick or full [--only row,row...]",
      "x                           | unknown suite 'x': quick or full",
      "full --all                  | unknown option '--all': only --only row,row...",
      "full --only                 | --only needs one comma-separated list of rows: gateway, processor",
      "full --only storm extra     | --only needs one comma-separated list of rows",
      "full --only storm,nope      | no row 'nope' in full: gateway, processor",
      "quick --only broker3        | no row 'broker3' in quick: gateway, processor, ingestor, redis",
      "full --only ,               | no row '' in full"})
  void shouldRefuseBadInput(String line, String answer) {
    List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" +"));
    assertThatThrownBy(() -> Fault.parse(args)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(answer);
  }
}
