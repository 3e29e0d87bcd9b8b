package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalToolTest {

  private static final ExternalTool TOOL = new ExternalTool("mmpipe-fake-tool", "MMPIPE_FAKE_TOOL", "fake-pkg");

  private static Path script(Path dir, String body) throws IOException {
    Path p = dir.resolve("mmpipe-fake-tool");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void shouldFindTheToolOnPath(@TempDir Path dir) throws IOException {
    Path exe = script(dir, "exit 0");
    assertThat(TOOL.locate(Map.of("PATH", "/nonexistent:" + dir))).contains(exe);
  }

  @Test
  void shouldPreferTheVariableOverPath(@TempDir Path dir) throws IOException {
    Path onPath = script(Files.createDirectory(dir.resolve("a")), "exit 0");
    Path explicit = script(Files.createDirectory(dir.resolve("b")), "exit 0");
    assertThat(TOOL.locate(Map.of("PATH", onPath.getParent().toString(), "MMPIPE_FAKE_TOOL", explicit.toString())))
        .contains(explicit);
  }

  @Test
  void shouldNotReplaceAWrongExplicitPathWithAnotherBinary(@TempDir Path dir) throws IOException {
    Path onPath = script(dir, "exit 0");
    // a typo in the variable must show, not silently run whatever is on PATH
    assertThat(TOOL.locate(Map.of("PATH", onPath.getParent().toString(),
        "MMPIPE_FAKE_TOOL", dir.resolve("missing").toString()))).isEmpty();
    // a directory is not an executable
    assertThat(TOOL.locate(Map.of("MMPIPE_FAKE_TOOL", dir.toString()))).isEmpty();
  }

  @Test
  void shouldSayHowToGetAMissingTool() {
    assertThat(TOOL.locate(Map.of("PATH", "/nonexistent"))).isEmpty();
    assertThat(TOOL.howToInstall()).contains("./mmpipe test installs it (Debian package fake-pkg)")
        .contains("apt-get install fake-pkg").contains("set MMPIPE_FAKE_TOOL");
    assertThat(ExternalTool.REDIS_SERVER.howToInstall()).isEqualTo(RedisServer.HOW_TO_INSTALL);
  }

  @Test
  void shouldRunAToolAndKeepItsOutputAndExitCode(@TempDir Path dir) throws IOException {
    ExternalTool sh = new ExternalTool("sh", "MMPIPE_NO_SUCH_VARIABLE", "dash");
    ExternalTool.Result r = sh.run(dir, Map.of("MMPIPE_X", "x1"), Duration.ofSeconds(30),
        "-c", "echo \"out $MMPIPE_X $(pwd)\"; echo err >&2; exit 3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.ok()).isFalse();
    assertThat(r.output()).contains("out x1 " + dir.toRealPath()).contains("err");
  }

  @Test
  void shouldFailWithTheInstallHintWhenRunningAMissingTool(@TempDir Path dir) {
    assertThatThrownBy(() -> TOOL.run(dir, Map.of(), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class).hasMessage(TOOL.howToInstall());
  }

  @Test
  void shouldStopAToolThatDoesNotFinish(@TempDir Path dir) {
    ExternalTool sh = new ExternalTool("sh", "MMPIPE_NO_SUCH_VARIABLE", "dash");
    assertThatThrownBy(() -> sh.run(dir, Map.of(), Duration.ofMillis(200), "-c", "sleep 30"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not finish");
  }
}
