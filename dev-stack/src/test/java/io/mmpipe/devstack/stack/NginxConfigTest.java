package io.mmpipe.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stack's nginx configuration is deploy/nginx.conf with only its upstream servers and listen port placed. */
class NginxConfigTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static String template() throws IOException {
    return Files.readString(ROOT.resolve("deploy/nginx.conf"));
  }

  @Test
  void shouldKeepEveryOtherLineOfTheReposFile() throws IOException {
    String rendered = NginxConfig.render(template(), List.of(4001, 4002, 4003), 9090);
    assertThat(rendered).contains("server 127.0.0.1:4001;", "server 127.0.0.1:4002;", "server 127.0.0.1:4003;",
        "listen 9090;").doesNotContain("mcp-gateway:8080", "listen 8080;");
    List<String> kept = template().lines()
        .filter(l -> !l.trim().startsWith("server ") && !l.trim().startsWith("listen ")).toList();
    assertThat(rendered.lines().toList()).containsSubsequence(kept);
    assertThat(rendered.lines().count()).isEqualTo(template().lines().count() + 2);
  }

  @Test
  void shouldRefuseATemplateItCannotPlaceGatewaysIn() {
    assertThatThrownBy(() -> NginxConfig.render("events {}\nhttp { server { listen 80; } }\n", List.of(1), 2))
        .hasMessageContaining("upstream gateways");
    assertThatThrownBy(() -> NginxConfig.render("upstream gateways {\n server a:1;\n}\n", List.of(1), 2))
        .hasMessageContaining("listen");
    assertThatThrownBy(() -> NginxConfig.render("x", List.of(), 2)).hasMessageContaining("no gateway");
  }

  /**
   * nginx's default of 512 connections per worker would refuse the chaos suite's storm of 10,000 clients (each open
   * stream also holds a connection to a gateway); the open-files limit must allow as many.
   */
  @Test
  void shouldAllowTenThousandClientsPerWorker() throws IOException {
    String conf = template();
    var connections = java.util.regex.Pattern.compile("worker_connections (\\d+);").matcher(conf);
    var files = java.util.regex.Pattern.compile("worker_rlimit_nofile (\\d+);").matcher(conf);
    assertThat(connections.find()).as("worker_connections set").isTrue();
    assertThat(files.find()).as("worker_rlimit_nofile set").isTrue();
    assertThat(Integer.parseInt(connections.group(1))).isGreaterThan(10_000);
    assertThat(Integer.parseInt(files.group(1))).isGreaterThanOrEqualTo(Integer.parseInt(connections.group(1)));
  }
}
