package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host validation against DNS rebinding: which Host headers pass for a bind address and an allow list. */
class HostPolicyTest {

  @ParameterizedTest(name = "bind {0}, allowed [{1}], Host {2} → {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "127.0.0.1 | -                | localhost:8080       | true",
      "127.0.0.1 | -                | 127.0.0.1:8080       | true",
      "127.0.0.1 | -                | [::1]:8080           | true",
      "127.0.0.1 | -                | LOCALHOST            | true",
      "127.0.0.1 | -                | evil.example:8080    | false",
      "127.0.0.1 | -                | localhost.evil.example | false",
      "127.0.0.1 | -                | -                    | true",
      "0.0.0.0   | -                | mmpipe.example.com   | true",
      "0.0.0.0   | mmpipe.example.com | mmpipe.example.com:443 | true",
      "0.0.0.0   | mmpipe.example.com | evil.example       | false",
      "127.0.0.1 | *                | anything.example     | true"})
  void shouldAllowOnlyTheHostsTheBindAndListPermit(String bind, String allowed, String host, boolean expected) {
    HostPolicy p = HostPolicy.forBind(bind, allowed == null ? List.of() : List.of(allowed));
    assertThat(p.allows(host)).isEqualTo(expected);
  }
}
