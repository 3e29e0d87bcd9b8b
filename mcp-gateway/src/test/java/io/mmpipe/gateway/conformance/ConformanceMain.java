package io.mmpipe.gateway.conformance;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.devkit.RedisServer;
import io.mmpipe.gateway.GatewayConfig;
import io.mmpipe.gateway.GatewayMain;
import io.mmpipe.runtime.lifecycle.CloseStack;
import io.mmpipe.runtime.lifecycle.Shutdown;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway with the conformance fixtures, for {@code ./mmpipe conformance}: an embedded broker, redis-server when
 * installed (sessions in Redis, as in production), the gateway on {@code GATEWAY_PORT} (0: a free port). Prints
 * {@code CONFORMANCE_URL=http://localhost:PORT/mcp} once it serves, then runs until killed.
 */
public final class ConformanceMain {

  private ConformanceMain() {}

  public static void main(String[] args) {
    CloseStack stack = new CloseStack("conformance");
    try {
      EmbeddedKafka kafka = stack.push(EmbeddedKafka.start());
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.putIfAbsent("GATEWAY_PORT", "0");
      env.put("MMPIPE_TOPIC_PARTITIONS", "1");
      env.put("SSE_KEEPALIVE", "2s");
      if (!env.containsKey("REDIS_URL") && RedisServer.locate().isPresent()) {
        env.put("REDIS_URL", stack.push(RedisServer.start()).url());
      }
      GatewayMain gw = stack.push(GatewayMain.start(GatewayConfig.fromEnv(env), ConformanceFixtures::register));
      System.out.println("CONFORMANCE_URL=http://localhost:" + gw.port() + "/mcp");
      System.out.flush();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    Shutdown.closeOnExit("conformance", stack);
  }
}
