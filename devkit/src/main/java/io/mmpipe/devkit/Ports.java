package io.mmpipe.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/** Free loopback ports. */
public final class Ports {

  private Ports() {}

  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /**
   * Free ports, never the same one twice from this supplier: each port is closed again as soon as it is found, and
   * the system may hand the same one out for the next find (a stack's broker once got one port for two listeners).
   */
  public static IntSupplier distinct() {
    return distinct(Ports::free);
  }

  /** {@link #distinct()} over any source of ports; gives up after 1,000 repeats in a row. */
  static IntSupplier distinct(IntSupplier source) {
    Set<Integer> given = new HashSet<>();
    return () -> {
      for (int i = 0; i < 1000; i++) {
        int port = source.getAsInt();
        if (given.add(port)) {
          return port;
        }
      }
      throw new IllegalStateException("no free port not handed out already (" + given.size() + " given)");
    };
  }
}
