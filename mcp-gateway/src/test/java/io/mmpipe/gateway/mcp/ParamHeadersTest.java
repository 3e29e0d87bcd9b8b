package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamHeadersTest {

  private static final Map<String, String> DECLARED = Map.of("region", "Region");

  private static ObjectNode args(String region) {
    ObjectNode a = JsonRpc.JSON.createObjectNode();
    if (region != null) {
      a.put("region", region);
    }
    return a;
  }

  private static void check(String header, String region) {
    Map<String, String> h = new HashMap<>();
    if (header != null) {
      h.put("Mcp-Param-Region", header);
    }
    ParamHeaders.check(h::get, DECLARED, args(region));
  }

  @Test
  void shouldAcceptAMatchingLiteralOrStrictBase64Value() {
    assertThatCode(() -> check("Hello", "Hello")).doesNotThrowAnyException();
    assertThatCode(() -> check("=?base64?SGVsbG8=?=", "Hello")).doesNotThrowAnyException();
    assertThatCode(() -> check(" Hello ", "Hello")).doesNotThrowAnyException(); // OWS is not part of the value
    // without the full wrapper a value is literal
    assertThatCode(() -> check("SGVsbG8=", "SGVsbG8=")).doesNotThrowAnyException();
    assertThatCode(() -> check("=?base64?SGVsbG8=", "=?base64?SGVsbG8=")).doesNotThrowAnyException();
    assertThatCode(() -> check(null, null)).doesNotThrowAnyException();
  }

  @Test
  void shouldRejectMissingBadOrDifferentValuesWithHeaderMismatch() {
    for (String[] c : new String[][] {{null, "Hello"}, {"=?base64?SGVsbG8?=", "Hello"},
        {"=?base64?SGVs!!!bG8=?=", "Hello"}, {"Bye", "Hello"}, {"Hello", null}}) {
      assertThatThrownBy(() -> check(c[0], c[1])).as(c[0] + " vs " + c[1])
          .isInstanceOfSatisfying(McpError.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(JsonRpc.HEADER_MISMATCH);
            org.assertj.core.api.Assertions.assertThat(e.httpStatus()).isEqualTo(400);
          });
    }
  }
}
