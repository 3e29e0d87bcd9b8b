package io.mmpipe.gateway.broadcast;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mmpipe.gateway.http.ApiException;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.schemas.avro.Broadcast;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code POST /v1/broadcasts}: {@code {"type","text","data"?}} → {@code 202 {"broadcast_id"}} once Kafka has
 * acknowledged it; {@code 400 {"error",…}} for bad input (see the README's table); {@code 503} with
 * {@code Retry-After} when Kafka did not acknowledge it (it was not sent). The sender is the request's principal.
 */
public final class BroadcastRoutes implements GatewayFeature {

  public static final String PATH = "/v1/broadcasts";
  /** Strict: trailing text or a field given twice is refused, not silently resolved. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final BroadcastPublisher publisher;
  private final PrincipalResolver principals;

  /** @param publisher shared with the MCP tool; closed by its owner */
  public BroadcastRoutes(BroadcastPublisher publisher, PrincipalResolver principals) {
    this.publisher = publisher;
    this.principals = principals;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post(PATH, this::post);
  }

  private void post(Context ctx) throws InterruptedException {
    Principal principal = principals.resolve(ctx);
    if (!principal.maySendBroadcasts()) {
      throw new ApiException(403, "forbidden", principal.name() + " may read broadcasts but not send them: only "
          + "an API token with every channel (or anonymous on loopback) may");
    }
    String sender = principal.name();
    BroadcastMessage message;
    try {
      message = BroadcastMessage.of(body(ctx));
    } catch (BroadcastMessage.Invalid e) {
      throw new ApiException(400, e.code(), e.getMessage());
    }
    Broadcast b;
    try {
      b = publisher.publish(message, sender);
    } catch (BroadcastPublisher.Unavailable e) {
      throw new ApiException(503, "broadcast_unavailable", e.getMessage() + "; it was not sent, retry later",
          Map.of("Retry-After", "5"));
    }
    ctx.status(202).json(Map.of("broadcast_id", b.getBroadcastId()));
  }

  /** The body as JSON, read no further than the limit: an oversized body is refused, not buffered. */
  private static JsonNode body(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new BroadcastMessage.Invalid("invalid_content_type", "Content-Type must be application/json");
    }
    if (ctx.contentLength() > BroadcastMessage.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(BroadcastMessage.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new BroadcastMessage.Invalid("invalid_body", "the body could not be read");
    }
    if (bytes.length > BroadcastMessage.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BroadcastMessage.Invalid("invalid_json", "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BroadcastMessage.Invalid("invalid_body", "the body could not be read");
    }
  }

  private static BroadcastMessage.Invalid tooLarge() {
    return new BroadcastMessage.Invalid("body_too_large", "the body is larger than "
        + BroadcastMessage.MAX_BODY_BYTES + " bytes");
  }
}
