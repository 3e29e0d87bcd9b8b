package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTest {

  @Test
  void shouldReadNameIdAndTypedFields() {
    Command c = Command.parse(
        "{\"command\":\"subscribe\",\"id\":\"c1\",\"channel_ids\":[\"a\",\"b\"],\"from\":\"PT1M\"}");
    assertThat(c.name()).isEqualTo("subscribe");
    assertThat(c.id().asText()).isEqualTo("c1");
    assertThat(c.strings("channel_ids")).isEqualTo(List.of("a", "b"));
    assertThat(c.string("from")).isEqualTo("PT1M");
    assertThat(c.string("team_id")).isNull();
    assertThat(c.strings("types")).isEmpty();
  }

  @Test
  void shouldKeepTheIdWhenTheCommandNameIsMissing() {
    Command c = Command.parse("{\"id\":5}");
    assertThat(c.name()).isNull();
    assertThat(c.id().asInt()).isEqualTo(5);
  }

  @Test
  void shouldRefuseWhatIsNotACommandObject() {
    for (String bad : List.of("", "nope", "[]", "3", "{\"command\":\"ping\"")) {
      assertThatThrownBy(() -> Command.parse(bad)).as(bad).isInstanceOf(CommandException.class)
          .extracting(e -> ((CommandException) e).errorType()).isEqualTo("invalid_json");
    }
    assertThatThrownBy(() -> Command.parse("{\"command\":\"ping\",\"id\":\"" + "x".repeat(129) + "\"}"))
        .extracting(e -> ((CommandException) e).errorType()).isEqualTo("invalid_command");
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    Command c = Command.parse("{\"command\":\"subscribe\",\"channel_ids\":[1],\"team_id\":2,\"chanel_ids\":[]}");
    assertThatThrownBy(() -> c.strings("channel_ids")).hasMessageContaining("channel_ids");
    assertThatThrownBy(() -> c.string("team_id")).hasMessageContaining("team_id");
    assertThatThrownBy(() -> c.allowOnly(Set.of("channel_ids", "team_id"))).hasMessageContaining("chanel_ids");
  }
}
