package io.mmpipe.testkit;

import io.mmpipe.devkit.RegistryServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Apicurio Registry ({@link RegistryServer}) for registry-mode tests. It takes tens of
 * seconds to start on a loaded machine, so ONE registry serves every test class of the test JVM: started by the
 * first class that asks, stopped when the run ends (JUnit closes it with the root store). Tests keep apart by their
 * unique topic names, hence unique subjects. When the app cannot be found the test FAILS with a message that says
 * how to get it; it is never skipped.
 */
public final class RegistryExtension implements BeforeAllCallback {

  private RegistryServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Shared.class, k -> new Shared(RegistryServer.start()), Shared.class).server;
  }

  public RegistryServer server() {
    if (server == null) {
      throw new IllegalStateException("RegistryExtension must be registered as a static @RegisterExtension field");
    }
    return server;
  }

  /** The base address, what {@code SCHEMA_REGISTRY_URL} is set to. */
  public String url() {
    return server().url();
  }

  /** The run-wide registry; JUnit closes it when the root context ends. */
  private record Shared(RegistryServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
