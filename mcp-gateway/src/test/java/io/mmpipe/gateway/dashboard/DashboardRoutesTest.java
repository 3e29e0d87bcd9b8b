package io.mmpipe.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.http.GatewayServer;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.OriginPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the dashboard relies on from the gateway, and how it is served, checked against the page's own files. */
class DashboardRoutesTest {

  private final String page = DashboardRoutes.load("index.html");

  private static Javalin app() {
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(new DashboardRoutes()));
  }

  /** The page's JavaScript regex literal for the lag line, as a Java pattern (the syntax used is common to both). */
  private static Pattern lagLine() {
    Matcher m = Pattern.compile("export const LAG_LINE = /(.+)/m;").matcher(DashboardRoutes.load("panels.js"));
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
  void shouldReceiveEveryUpdateTypeUnnamedAskForTheHistoryAndRenderUnknownOnesGenerically() {
    String stream = DashboardRoutes.load("stream.js");
    assertThat(stream).contains("q.set(\"typed\", \"false\")").contains("if (ev.type !== \"message\") return")
        .contains("q.set(\"from\", history)");
    assertThat(DashboardRoutes.load("dashboard.js")).contains("const HISTORY = \"PT10M\"")
        .contains("default: return generic(u, d, who);");
  }

  @Test
  void shouldNeverParseTextAsHtmlNorEvaluateStrings() {
    for (String file : DashboardRoutes.ASSETS.keySet()) {
      String js = DashboardRoutes.load(file);
      for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
          "new Function", "setTimeout(\"", "setInterval(\"", "javascript:")) {
        assertThat(js).as(file + " uses " + sink).doesNotContain(sink);
      }
    }
  }

  /**
   * A gateway with API tokens: every request of the page carries the token as a header, none puts it in a URL
   * (URLs land in logs, history and Referer). The only fetch is authFetch's; the stream is read with it, not with
   * EventSource (which cannot send a header); the token lives in sessionStorage, never localStorage or a cookie.
   */
  @Test
  void shouldSendTheTokenAsAHeaderFromSessionStorageAndNeverInAUrl() {
    for (String file : DashboardRoutes.ASSETS.keySet()) {
      String js = DashboardRoutes.load(file);
      for (String leak : List.of("access_token", "?token", "&token", "token=", "localStorage", "document.cookie",
          "new EventSource", "new WebSocket")) {
        assertThat(js).as(file + " contains " + leak).doesNotContain(leak);
      }
      if (!file.equals("auth.js")) {
        assertThat(js).as(file + " fetches without the token").doesNotContainPattern("(?<![A-Za-z])fetch\\(");
      }
    }
    String auth = DashboardRoutes.load("auth.js");
    assertThat(auth).contains("headers.set(\"Authorization\", \"Bearer \" + t)")
        .contains("sessionStorage.getItem(TOKEN_KEY)").contains("if (r.status !== 401) return r;");
    assertThat(DashboardRoutes.load("stream.js")).contains("r = await authFetch(url(), { headers, cache")
        .contains("headers[\"Last-Event-ID\"] = lastId").doesNotContain("last_event_id");
    assertThat(DashboardRoutes.load("panels.js")).contains("await authFetch(path, {")
        .contains("authFetch(\"/metrics\")").contains("authFetch(\"/v1/broadcasts\", {");
    assertThat(page).contains("<form id=\"auth-form\"").contains("id=\"auth-token\" type=\"password\"")
        .contains("<button id=\"auth-forget\"");
  }

  @Test
  void shouldServeAPageWithoutInlineScriptOrStyleUnderAStrictPolicy() {
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style")
        .doesNotContainPattern("\\son[a-z]+=").doesNotContainPattern("\\sstyle=");
    JavalinTest.test(app(), (server, client) -> {
      var r = client.get("/");
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.headers().get("Content-Security-Policy")).containsExactly(DashboardRoutes.CSP);
      assertThat(DashboardRoutes.CSP).contains("script-src 'self';").doesNotContain("unsafe");
      assertThat(r.body().string()).isEqualTo(page);
    });
  }

  @Test
  void shouldServeEveryFileThePageAndItsModulesLoad() {
    List<String> wanted = new ArrayList<>();
    Matcher refs = Pattern.compile("(?:src|href)=\"/dashboard/([^\"]+)\"").matcher(page);
    while (refs.find()) {
      wanted.add(refs.group(1));
    }
    for (String js : DashboardRoutes.ASSETS.keySet()) {
      Matcher imports = Pattern.compile("from \"\\./([^\"]+)\"").matcher(DashboardRoutes.load(js));
      while (imports.find()) {
        wanted.add(imports.group(1));
      }
    }
    assertThat(wanted).contains("dashboard.js", "dashboard.css", "stream.js", "charts.js", "panels.js",
        "store.js", "auth.js");
    JavalinTest.test(app(), (server, client) -> {
      for (String file : wanted) {
        var r = client.get("/dashboard/" + file);
        assertThat(r.code()).as(file).isEqualTo(200);
        assertThat(r.headers().get("Content-Type").get(0))
            .startsWith(file.endsWith(".js") ? "text/javascript" : "text/css");
        assertThat(r.headers().get("X-Content-Type-Options")).containsExactly("nosniff");
      }
    });
  }

  @Test
  void shouldAnswerAnyOtherDashboardPathWithJson404() {
    JavalinTest.test(app(), (server, client) -> {
      for (String path : List.of("/dashboard/nope.js", "/dashboard/index.html", "/dashboard/..%2FDashboardRoutes.class",
          "/dashboard/")) {
        var r = client.get(path);
        assertThat(r.code()).as(path).isEqualTo(404);
        assertThat(r.body().string()).as(path).startsWith("{").doesNotContain("Exception");
      }
    });
  }
}
