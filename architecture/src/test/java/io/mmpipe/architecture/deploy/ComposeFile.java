package io.mmpipe.architecture.deploy;

import io.mmpipe.devstack.stack.EnvFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as parsed data (anchors and merge keys resolved), and its services' env files. */
record ComposeFile(Path root, Map<String, Object> document) {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static ComposeFile load() {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Map<String, Object> doc = new Yaml(options).load(Files.readString(ROOT.resolve("docker-compose.yml")));
      return new ComposeFile(ROOT, doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) document.get("services");
  }

  Map<String, Object> service(String name) {
    Map<String, Object> s = services().get(name);
    if (s == null) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  List<String> envFiles(String service) {
    Object files = service(service).get("env_file");
    return files == null ? List.of() : files instanceof String one ? List.of(one) : (List<String>) files;
  }

  /** The variables a service's container gets: its env files', then its {@code environment:} (which wins). */
  @SuppressWarnings("unchecked")
  Map<String, String> effectiveEnvironment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String file : envFiles(service)) {
      env.putAll(readEnvFile(root.resolve(file)));
    }
    Object inline = service(service).get("environment");
    if (inline instanceof Map<?, ?> m) {
      m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (inline != null) {
      throw new AssertionError(service + ": environment must be a map (KEY: value)");
    }
    return env;
  }

  /** Reads an env file, failing on any line that is not a comment, blank, or plain KEY=VALUE (the stack's reader). */
  static Map<String, String> readEnvFile(Path file) {
    return EnvFile.read(file);
  }
}
