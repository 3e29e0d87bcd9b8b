package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestTransportTest {

  @Test
  void shouldAllowMattermostsBurstOfTenSecondsOfRequestsAndNoMore() {
    RateLimiterConfig config = RateLimiterConfig.from(RestTransport.limiterConfig(RestPolicy.defaults(10)))
        .timeoutDuration(Duration.ZERO)
        .build();
    RateLimiter limiter = RateLimiter.of("test", config);
    int granted = 0;
    while (granted < 1_000 && limiter.acquirePermission()) {
      granted++;
    }
    // 10 requests/s with a burst of 100, as the server's limiter: 100 at once, then the average rate
    assertThat(granted).isEqualTo(100);
    assertThat(config.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
  }
}
