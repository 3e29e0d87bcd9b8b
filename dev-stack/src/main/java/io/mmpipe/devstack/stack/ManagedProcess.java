package io.mmpipe.devstack.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the stack as it is started (and started again after a fault): its command, its whole environment
 * (nothing of the launcher's own leaks in beyond {@code PATH}, {@code HOME} and the locale), its log file and how
 * its health is probed: {@code http://...} (200 is healthy), {@code tcp://host:port} (accepts a connection) or
 * {@code redis://host:port} (answers PING).
 *
 * @param tier the compose service it stands for (kafka, redis, mattermost-sim, ingestor, ..., load-balancer)
 */
public record ManagedProcess(String name, String tier, List<String> command, Map<String, String> env, Path log,
    String health) {

  public ManagedProcess {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }
}
