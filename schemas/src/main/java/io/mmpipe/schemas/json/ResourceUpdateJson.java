package io.mmpipe.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON shape every subscriber sees (DESIGN.md "ResourceUpdate"):
 * {@code {"resource_uri":…,"update_type":…,"data":{…},"timestamp":1672531200.123,"event_id":…}}.
 * {@code data} is written as the JSON object it holds, never as a string.
 */
public final class ResourceUpdateJson {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResourceUpdateJson() {}

  public static String write(ResourceUpdate u) {
    StringWriter out = new StringWriter(256 + u.getDataJson().length());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("resource_uri", u.getResourceUri());
      g.writeStringField("update_type", u.getUpdateType());
      g.writeFieldName("data");
      g.writeRawValue(u.getDataJson());
      // seconds with exactly millisecond precision, as the original design shows it (1672531200.123)
      g.writeFieldName("timestamp");
      g.writeNumber(new java.math.BigDecimal(Math.round(u.getTimestamp() * 1000)).movePointLeft(3));
      g.writeStringField("event_id", u.getEventId());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Parses the subscriber JSON back into a tree (for clients and tests). */
  public static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
