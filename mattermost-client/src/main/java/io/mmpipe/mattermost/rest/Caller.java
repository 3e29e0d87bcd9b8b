package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.runtime.config.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The calls of one token: each one is built from a path and sent through the shared {@link RestTransport}. The token
 * travels only in the Authorization header, never in a URL or a message.
 */
final class Caller {

  private final RestTransport transport;
  private final Secret token;
  private final String tokenName;

  Caller(RestTransport transport, Secret token, String tokenName) {
    this.transport = transport;
    this.token = token;
    this.tokenName = tokenName;
  }

  /**
   * A path from a template whose {@code {}} are replaced by the arguments, each encoded as one path segment (an
   * emoji name {@code +1} or an id with a slash cannot reach another endpoint).
   */
  static String path(String template, String... args) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (String arg : args) {
      int at = template.indexOf("{}", from);
      if (at < 0) {
        throw new IllegalArgumentException("more arguments than {} in " + template);
      }
      if (arg == null || arg.isEmpty()) {
        throw new IllegalArgumentException("an empty path argument for " + template);
      }
      out.append(template, from, at).append(URLEncoder.encode(arg, StandardCharsets.UTF_8).replace("+", "%20"));
      from = at + 2;
    }
    return out.append(template.substring(from)).toString();
  }

  JsonNode get(String path, Query query) {
    return json(path, () -> builder(path + query).GET().build());
  }

  /** The answer's bytes and headers, for downloads. */
  HttpResponse<byte[]> getBytes(String path) {
    return transport.call(path, tokenName, () -> builder(path).GET().header("Accept", "*/*").build());
  }

  JsonNode post(String path, JsonNode body) {
    String text = write(body);
    return json(path, () -> builder(path).POST(HttpRequest.BodyPublishers.ofString(text))
        .header("Content-Type", "application/json").build());
  }

  JsonNode put(String path, JsonNode body) {
    String text = write(body);
    return json(path, () -> builder(path).PUT(HttpRequest.BodyPublishers.ofString(text))
        .header("Content-Type", "application/json").build());
  }

  JsonNode delete(String path) {
    return json(path, () -> builder(path).DELETE().build());
  }

  JsonNode postMultipart(String path, MultipartForm form) {
    byte[] body = form.body();
    return json(path, () -> builder(path).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", form.contentType()).build());
  }

  private JsonNode json(String path, java.util.function.Supplier<HttpRequest> request) {
    HttpResponse<byte[]> res = transport.call(path, tokenName, request);
    try {
      JsonNode n = res.body().length == 0 ? null : Json.MAPPER.readTree(res.body());
      return n == null ? Json.MAPPER.missingNode() : n;
    } catch (IOException e) {
      throw new MattermostApiException(MattermostApiException.Kind.RETRIABLE, res.statusCode(), null,
          "unreadable answer from " + path + ": " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder builder(String pathAndQuery) {
    return transport.request(pathAndQuery)
        .header("Authorization", "Bearer " + token.reveal())
        .header("Accept", "application/json")
        .header("X-Requested-With", "XMLHttpRequest");
  }

  private static String write(JsonNode body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
