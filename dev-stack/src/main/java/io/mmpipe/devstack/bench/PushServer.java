package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One server of the fan-out section, started fresh for each set of subscribers: the gateway (which reads
 * mm.updates itself) or a peer that the bench's feeder publishes each update to. Its memory is the resident set of
 * its own process tree, so the bench's client never counts.
 */
interface PushServer extends AutoCloseable {

  /** Short name in the report (gateway, node, pushpin). */
  String name();

  /** The loopback port its subscribers connect to. */
  int port();

  /** SSE endpoint: the first event is {@code ready}, then every update with its JSON as data. */
  default URI sse() {
    return URI.create("http://127.0.0.1:" + port() + "/events");
  }

  /** WebSocket endpoint, or null when this server does not offer one in the bench. */
  default URI ws() {
    return URI.create("http://127.0.0.1:" + port() + "/ws");
  }

  /** The first text a WebSocket subscriber sends (its subscribe command), or null. */
  default String wsSubscribe() {
    return null;
  }

  /** Publishes one update (the feeder calls it for every record of mm.updates); the gateway reads Kafka instead. */
  void publish(ResourceUpdate update, String json) throws IOException, InterruptedException;

  /** The process whose tree holds every connection (its resident set is the server's memory). */
  ProcessHandle process();

  /** The server's GC and safepoint log ({@link GcLog}), or null when it is no JVM of ours. */
  default Path gcLog() {
    return null;
  }

  /** Heap used after a full GC in bytes, or -1 when the server has no such figure. */
  default long heapAfterGc() {
    return -1;
  }

  /**
   * Subscribers the server still serves, or -1 when it does not say. The gateway notices a closed idle SSE client
   * only at its next write (a keep-alive comment at the latest), so a baseline taken right after closing some would
   * still hold them.
   */
  default int openSubscribers() {
    return -1;
  }

  @Override
  void close();

  /** Resident set (VmRSS) of a process and all its descendants, in bytes; 0 for any process already gone. */
  static long rssBytes(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).mapToLong(PushServer::rss).sum();
  }

  private static long rss(ProcessHandle p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or no procfs: counts nothing
    }
    return 0;
  }
}
