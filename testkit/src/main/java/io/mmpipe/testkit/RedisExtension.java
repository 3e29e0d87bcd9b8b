package io.mmpipe.testkit;

import io.mmpipe.devkit.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real {@code redis-server} per test class. When redis-server is not installed the test
 * FAILS with a message that says how to install it; it is never skipped silently.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

  private RedisServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException("RedisExtension must be registered as a static @RegisterExtension field");
    }
    return server;
  }

  public String url() {
    return server().url();
  }
}
