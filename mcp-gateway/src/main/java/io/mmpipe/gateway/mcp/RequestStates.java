package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code requestState} of 2026-07-28 {@code input_required} results: self-contained and HMAC-SHA256 signed, so
 * that ANY instance sharing the key accepts the retry and no instance keeps anything. The state says which request it
 * belongs to (method and tool/prompt/uri), when it expires, and the client answers collected in earlier rounds.
 * Format: {@code 1.<base64url payload>.<base64url mac>}, the mac over {@code 1.<payload>}.
 */
public final class RequestStates {

  static final String VERSION = "1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param key   the shared secret (at least 16 bytes); every instance must use the same one
   * @param ttl   how long a client has to answer before the state expires
   */
  public RequestStates(byte[] key, Duration ttl, Clock clock) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the requestState key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A random key, good for one process only (states it signs fail on other instances). */
  public static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** Signs the state of a request of {@code method} on {@code target} that collected {@code responses}. */
  public String sign(String method, String target, ObjectNode responses) {
    ObjectNode p = JsonRpc.JSON.createObjectNode().put("m", method).put("t", target)
        .put("exp", clock.millis() + ttl.toMillis());
    p.set("r", responses);
    String body = VERSION + "." + B64.encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
    return body + "." + B64.encodeToString(mac(body));
  }

  /**
   * The answers collected so far, when {@code token} is a state this key signed for the same method and target and
   * it has not expired.
   *
   * @throws McpError -32602 otherwise, saying why (tampered or another key, another request, expired)
   */
  public ObjectNode verify(String token, String method, String target) {
    int dot = token.lastIndexOf('.');
    if (!token.startsWith(VERSION + ".") || dot <= VERSION.length()) {
      throw invalid("requestState is not one this server issued");
    }
    String body = token.substring(0, dot);
    byte[] given;
    try {
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("requestState failed its integrity check");
    }
    if (!MessageDigest.isEqual(mac(body), given)) {
      throw invalid("requestState failed its integrity check (modified, or signed with another key)");
    }
    JsonNode p;
    try {
      p = JsonRpc.JSON.readTree(B64D.decode(body.substring(VERSION.length() + 1)));
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("requestState is not one this server issued");
    }
    if (!method.equals(p.path("m").asText()) || !target.equals(p.path("t").asText())) {
      throw invalid("requestState belongs to another request; retry the original request with its own state");
    }
    if (clock.millis() > p.path("exp").asLong()) {
      throw invalid("requestState expired; send the request again without inputResponses and requestState");
    }
    return p.get("r") instanceof ObjectNode r ? r : JsonRpc.JSON.createObjectNode();
  }

  private byte[] mac(String body) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static McpError invalid(String message) {
    return McpError.invalidParams(message);
  }
}
