package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Origins are compared exactly: the gateway's own (from the Host it was reached by) and the configured ones. */
class OriginPolicyTest {

  @ParameterizedTest(name = "allowed [{0}], Origin {1}, Host {2} → {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "-                         | -                          | localhost:8080 | true",
      "-                         | http://localhost:8080      | localhost:8080 | true",
      "-                         | HTTP://LOCALHOST:8080/     | localhost:8080 | true",
      "-                         | https://localhost:8080     | localhost:8080 | true",
      "-                         | http://localhost:3000      | localhost:8080 | false",
      "-                         | http://127.0.0.1:8080      | localhost:8080 | false",
      "-                         | http://evil.example        | localhost:8080 | false",
      "-                         | null                       | localhost:8080 | false",
      "-                         | http://localhost:8080      | -              | false",
      "https://dash.example.com  | https://dash.example.com   | gw.example.com | true",
      "https://dash.example.com  | http://dash.example.com    | gw.example.com | false",
      "https://dash.example.com  | https://dash.example.com:8443 | gw.example.com | false",
      "*                         | http://anything.example    | localhost:8080 | true"})
  void shouldAllowOnlyExactOrigins(String allowed, String origin, String host, boolean expected) {
    OriginPolicy p = new OriginPolicy(allowed == null ? List.of() : List.of(allowed));
    assertThat(p.allows(origin, host)).isEqualTo(expected);
  }
}
