package io.mmpipe.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files that build the production images agree with the build: the Dockerfile copies every module the root
 * pom lists (Maven reads them all, even for {@code -pl}), and the compose file runs the Kafka the clients are built
 * against, and main classes that exist.
 */
class BuildFilesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file));
  }

  private static List<String> all(Pattern p, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void shouldCopyEveryModuleOfTheRootPomIntoTheImageBuild() throws IOException {
    List<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), read("pom.xml"));
    List<String> copied = all(Pattern.compile("(?m)^COPY (\\S+) \\1\\s*$"), read("Dockerfile"));
    copied.removeIf(c -> c.startsWith(".")); // the Maven wrapper's .mvn is copied the same way; it is no module

    assertThat(modules).isNotEmpty();
    assertThat(copied).containsExactlyInAnyOrderElementsOf(modules);
  }

  @Test
  void shouldRunTheKafkaBrokerVersionTheClientsAreBuiltWith() throws IOException {
    String kafka = all(Pattern.compile("<kafka.version>([^<]+)</kafka.version>"), read("pom.xml")).getFirst();
    List<String> images = all(Pattern.compile("image: apache/kafka:(\\S+)"), read("docker-compose.yml"));

    assertThat(images).isNotEmpty().allMatch(kafka::equals);
  }

  @Test
  void shouldStartMainClassesThatExistInTheModulesTheComposeFileBuilds() throws Exception {
    String compose = read("docker-compose.yml");
    List<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), read("pom.xml"));
    Matcher m = Pattern.compile("MODULE: (\\S+), MAIN: ([\\w.]+)").matcher(compose);
    int services = 0;
    while (m.find()) {
      services++;
      assertThat(modules).contains(m.group(1));
      Class<?> main = Class.forName(m.group(2));
      assertThat(main.getMethod("main", String[].class)).isNotNull();
    }
    assertThat(services).isGreaterThanOrEqualTo(4);
  }
}
