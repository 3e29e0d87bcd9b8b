package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FanOutPartsTest {

  @Test
  void shouldAnswerTheHandshakeKeyAsRfc6455Says() {
    // the example of RFC 6455, section 1.3
    assertThat(LoadClient.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void shouldGivePushpinTheBenchsPortsFoldersAndNoRateLimit() {
    Path run = Path.of("/b/run");
    Path logs = Path.of("/b/log");
    Path routes = Path.of("/b/routes");
    assertThat(PushpinPeer.rewrite("http_port=7999", run, logs, routes, 1, 2)).isEqualTo("http_port=1");
    assertThat(PushpinPeer.rewrite("push_in_http_port=5561", run, logs, routes, 1, 2))
        .isEqualTo("push_in_http_port=2");
    assertThat(PushpinPeer.rewrite("rundir=/var/run/pushpin", run, logs, routes, 1, 2)).isEqualTo("rundir=/b/run");
    assertThat(PushpinPeer.rewrite("routesfile=routes", run, logs, routes, 1, 2)).isEqualTo("routesfile=/b/routes");
    assertThat(PushpinPeer.rewrite("message_rate=2500", run, logs, routes, 1, 2)).isEqualTo("message_rate=10000000");
    assertThat(PushpinPeer.rewrite("services=condure,pushpin-proxy,pushpin-handler", run, logs, routes, 1, 2))
        .isEqualTo("services=condure,zurl,pushpin-proxy,pushpin-handler");
    assertThat(PushpinPeer.rewrite("# http_port=7999", run, logs, routes, 1, 2)).isEqualTo("# http_port=7999");
    assertThat(PushpinPeer.rewrite("client_maxconn=50000", run, logs, routes, 1, 2))
        .isEqualTo("client_maxconn=50000");
  }

  @Test
  void shouldMeasureTheResidentSetOfAProcessTree() {
    long own = PushServer.rssBytes(ProcessHandle.current());
    assertThat(own).isGreaterThan(1024 * 1024);
    assertThat(PushServer.rssBytes(ProcessHandle.of(1).orElseThrow())).isPositive();
  }
}
