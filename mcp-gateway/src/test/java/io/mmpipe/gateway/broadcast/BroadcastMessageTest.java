package io.mmpipe.gateway.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validation shared by POST /v1/broadcasts and push_stream: each bad input has its own code. */
class BroadcastMessageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"text\":\"hi\"}                                     | invalid_type",
      "{\"type\":\"debug\",\"text\":\"hi\"}                  | invalid_type",
      "{\"type\":\"INFO\",\"text\":\"hi\"}                   | invalid_type",
      "{\"type\":3,\"text\":\"hi\"}                          | invalid_type",
      "{\"type\":\"info\"}                                   | missing_text",
      "{\"type\":\"info\",\"text\":\"\"}                     | missing_text",
      "{\"type\":\"info\",\"text\":\"   \"}                  | missing_text",
      "{\"type\":\"info\",\"text\":null}                     | missing_text",
      "{\"type\":\"info\",\"text\":42}                       | invalid_text",
      "{\"type\":\"info\",\"text\":\"hi\",\"data\":[1]}      | invalid_data",
      "{\"type\":\"info\",\"text\":\"hi\",\"data\":\"x\"}    | invalid_data",
      "{\"type\":\"info\",\"text\":\"hi\",\"channel\":\"x\"} | unknown_field",
      "[1,2]                                                 | invalid_body",
      "\"info\"                                              | invalid_body"})
  void shouldRefuseEachBadInputWithItsCode(String body, String code) throws Exception {
    assertThatThrownBy(() -> BroadcastMessage.of(json(body)))
        .isInstanceOfSatisfying(BroadcastMessage.Invalid.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void shouldBoundTextInUtf8BytesNotCharacters() throws Exception {
    // 2048 two-byte characters are exactly the limit; one more is over it (a char count would allow 4096 of them)
    String atLimit = "é".repeat(BroadcastMessage.MAX_TEXT_BYTES / 2);
    assertThat(new BroadcastMessage("info", atLimit, null).text()).isEqualTo(atLimit);
    assertThatThrownBy(() -> new BroadcastMessage("info", atLimit + "é", null))
        .isInstanceOfSatisfying(BroadcastMessage.Invalid.class,
            e -> assertThat(e.code()).isEqualTo("text_too_long"));
  }

  @Test
  void shouldBoundDataByItsJsonSize() {
    ObjectNode data = JSON.createObjectNode();
    data.put("k", "x".repeat(BroadcastMessage.MAX_DATA_BYTES - "{\"k\":\"\"}".length()));
    assertThat(new BroadcastMessage("warning", "t", data).data()).isEqualTo(data);
    data.put("k", "x".repeat(BroadcastMessage.MAX_DATA_BYTES));
    assertThatThrownBy(() -> new BroadcastMessage("warning", "t", data))
        .isInstanceOfSatisfying(BroadcastMessage.Invalid.class,
            e -> assertThat(e.code()).isEqualTo("data_too_large"));
  }

  @Test
  void shouldAcceptEveryTypeWithOptionalData() throws Exception {
    for (String type : BroadcastMessage.TYPES) {
      BroadcastMessage m = BroadcastMessage.of(json("{\"type\":\"" + type + "\",\"text\":\"hi\"}"));
      assertThat(m.type()).isEqualTo(type);
      assertThat(m.data()).isNull();
    }
    BroadcastMessage withData =
        BroadcastMessage.of(json("{\"type\":\"error\",\"text\":\"disk\",\"data\":{\"pct\":97}}"));
    assertThat(withData.data().get("pct").asInt()).isEqualTo(97);
    assertThat(BroadcastMessage.of(json("{\"type\":\"info\",\"text\":\"x\",\"data\":null}")).data()).isNull();
  }
}
