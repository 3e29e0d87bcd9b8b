package io.mmpipe.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.metrics.GatewayMetrics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the dashboard page relies on from the gateway, checked against the page's own text. */
class DashboardRoutesTest {

  private final String page = DashboardRoutes.load();

  /** The page's JavaScript regex literal for the lag line, as a Java pattern (the syntax used is common to both). */
  private Pattern lagLine() {
    Matcher m = Pattern.compile("const LAG_LINE = /(.+)/m;").matcher(page);
    assertThat(m.find()).as("the page parses the lag from /metrics").isTrue();
    return Pattern.compile(m.group(1), Pattern.MULTILINE);
  }

  @Test
  void shouldFindTheConsumerLagInTheMetricsTheGatewayServes() {
    try (GatewayMetrics metrics = new GatewayMetrics("gw-1")) {
      metrics.consumerLag(() -> 42);
      Matcher m = lagLine().matcher(metrics.scrape());
      assertThat(m.find()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).isEqualTo(42.0);
    }
  }

  @Test
  void shouldReceiveEveryUpdateTypeUnnamedAndRenderUnknownOnesGenerically() {
    assertThat(page).contains("\"/events?typed=false\"").contains("es.onmessage = onUpdate;")
        .doesNotContain("es.addEventListener(t, onUpdate)");
    assertThat(page).contains("default: return generic(u, d, who);");
  }
}
