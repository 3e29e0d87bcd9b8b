package io.mmpipe.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host validation against DNS rebinding: which Host headers pass for a bind address, an allow list and a port. */
class HostPolicyTest {

  @ParameterizedTest(name = "bind {0}, allowed [{1}], Host {2} on port 8080 → {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "127.0.0.1 | -                | localhost:8080       | true",
      "127.0.0.1 | -                | 127.0.0.1:8080       | true",
      "127.0.0.1 | -                | [::1]:8080           | true",
      "127.0.0.1 | -                | LOCALHOST:8080       | true",
      "127.0.0.1 | -                | localhost:9090       | false",
      "127.0.0.1 | -                | localhost            | false",
      "127.0.0.1 | -                | localhost:x          | false",
      "127.0.0.1 | -                | evil.example:8080    | false",
      "127.0.0.1 | -                | localhost.evil.example:8080 | false",
      "127.0.0.1 | -                | -                    | false",
      "0.0.0.0   | -                | mmpipe.example.com   | true",
      "0.0.0.0   | -                | -                    | false",
      "0.0.0.0   | mmpipe.example.com | mmpipe.example.com:443 | true",
      "0.0.0.0   | mmpipe.example.com:443 | mmpipe.example.com:443 | true",
      "0.0.0.0   | mmpipe.example.com:443 | mmpipe.example.com:8443 | false",
      "0.0.0.0   | mmpipe.example.com | evil.example       | false",
      "127.0.0.1 | *                | anything.example     | true"})
  void shouldAllowOnlyTheHostsTheBindAndListPermit(String bind, String allowed, String host, boolean expected) {
    HostPolicy p = HostPolicy.forBind(bind, allowed == null ? List.of() : List.of(allowed));
    assertThat(p.allows(host, 8080)).isEqualTo(expected);
  }
}
