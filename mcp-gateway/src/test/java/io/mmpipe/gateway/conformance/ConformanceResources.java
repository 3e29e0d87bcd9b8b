package io.mmpipe.gateway.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.Call;
import io.mmpipe.gateway.mcp.JsonRpc;
import io.mmpipe.gateway.mcp.ResourceProvider;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The conformance suite's resources: {@code test://static-text}, {@code static-binary}, the template, the watched one. */
final class ConformanceResources implements ResourceProvider {

  private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");

  @Override
  public List<ObjectNode> resources() {
    return List.of(
        listed("test://static-text", "static-text", "A static text resource", "text/plain"),
        listed("test://static-binary", "static-binary", "A static binary resource (a PNG)", "image/png"),
        listed("test://watched-resource", "watched-resource", "A resource to subscribe to", "text/plain"));
  }

  @Override
  public List<ObjectNode> templates() {
    return List.of(JsonRpc.JSON.createObjectNode().put("uriTemplate", "test://template/{id}/data")
        .put("name", "template").put("description", "Data for an id").put("mimeType", "application/json"));
  }

  @Override
  public Optional<ArrayNode> read(String uri, Call call) {
    Matcher m = TEMPLATE.matcher(uri);
    if (m.matches()) {
      String id = m.group(1);
      ObjectNode data = JsonRpc.JSON.createObjectNode().put("id", id).put("templateTest", true)
          .put("data", "Data for ID: " + id);
      return Optional.of(text(uri, "application/json", data.toString()));
    }
    return switch (uri) {
      case "test://static-text" -> Optional.of(text(uri, "text/plain",
          "This is the content of the static text resource."));
      case "test://watched-resource" -> Optional.of(text(uri, "text/plain", "Watched resource content."));
      case "test://static-binary" -> {
        ArrayNode a = JsonRpc.JSON.createArrayNode();
        a.addObject().put("uri", uri).put("mimeType", "image/png").put("blob", Media.PNG_BASE64);
        yield Optional.of(a);
      }
      default -> Optional.empty();
    };
  }

  @Override
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    // known resources never change; subscribing to them is allowed
    return read(uri, null).map(c -> u -> false);
  }

  @Override
  public List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    if (!"test://template/{id}/data".equals(uriTemplate) || !"id".equals(argument)) {
      return List.of();
    }
    return List.of("123", "456", "789").stream().filter(v -> v.startsWith(prefix)).toList();
  }

  private static ObjectNode listed(String uri, String name, String description, String mimeType) {
    return JsonRpc.JSON.createObjectNode().put("uri", uri).put("name", name).put("description", description)
        .put("mimeType", mimeType);
  }

  private static ArrayNode text(String uri, String mimeType, String text) {
    ArrayNode a = JsonRpc.JSON.createArrayNode();
    a.addObject().put("uri", uri).put("mimeType", mimeType).put("text", text);
    return a;
  }
}
