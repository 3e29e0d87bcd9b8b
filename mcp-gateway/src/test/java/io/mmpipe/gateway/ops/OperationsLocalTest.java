package io.mmpipe.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without REDIS_URL: operations run and are known to this instance, within the same bounds. */
class OperationsLocalTest {

  @Test
  void shouldRememberTheNewestOperationsAndTheLastResultsInMemoryOnly() throws Exception {
    Operations.Settings s = new Operations.Settings(5, Duration.ofMinutes(5), 100, 2, 10);
    try (Operations ops = new Operations(OperationStore.NONE, s, Clock.systemUTC())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String content = "result " + i;
        Operation op = ops.start("test", "n" + i, o -> new Operations.Result(content, "text/plain", null), null);
        assertThat(op.awaitEnd(Duration.ofSeconds(30))).isTrue();
        ids.add(op.id());
      }
      assertThat(ops.degraded()).isTrue();
      assertThat(ops.recent(100)).extracting(OperationState::operationId)
          .containsExactlyElementsOf(ids.subList(7, 12).reversed());
      assertThat(ops.get(ids.get(6))).isEmpty();
      assertThat(ops.lookup(ids.get(6))).as("unknown, not unreachable: there is no store").isEmpty();
      assertThat(ops.get(ids.get(11))).hasValueSatisfying(st -> assertThat(st.status()).isEqualTo("completed"));
      assertThat(ops.result(ids.get(11)).orElseThrow().content()).isEqualTo("result 11");
      assertThat(ops.result(ids.get(12 - Operations.LOCAL_RESULTS))).isPresent();
      assertThat(ops.result(ids.get(11 - Operations.LOCAL_RESULTS))).as("only the last 8 results are kept").isEmpty();
    }
  }
}
