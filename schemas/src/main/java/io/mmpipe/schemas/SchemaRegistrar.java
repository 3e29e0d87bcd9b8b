package io.mmpipe.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers the value schema of every topic in a {@link Topics} at startup and has the registry enforce BACKWARD
 * compatibility on each subject: a reader using the new schema must read every record already on the topic. A
 * change that breaks this is refused by the registry and the tier does not start, with a message that names the
 * subject, the schema and the registry's reasons.
 *
 * <p>It speaks Apicurio's native API (group {@code default}, artifact id = subject), which is what the
 * Confluent-compatible API shows as subjects, compatibility levels and ids; Apicurio's Confluent-compatible
 * registration cannot tell a schema with a top-level union field (RawEvent's payload) from other formats, while
 * the native API is told the type. Order per subject: an existing one gets its BACKWARD rule first, then the
 * version (found when identical, else created under the rule); a new one gets the rule right after its first
 * version, before any other version can arrive.
 */
public final class SchemaRegistrar {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "default";

  private final SchemaRegistry registry;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One registered value schema: its subject, its version there and the id records written with it carry. */
  public record Registered(String subject, String version, long id) {}

  /** A schema the registry refused, or a registry that could not be reached: the tier must not start. */
  public static final class RegistrationException extends RuntimeException {
    public RegistrationException(String message) {
      super(message);
    }
  }

  public SchemaRegistrar(SchemaRegistry registry) {
    this.registry = registry;
  }

  /** Registers every topic's value schema (topics whose value is not Avro are skipped). */
  public List<Registered> registerAll(List<Topic<?, ?>> topics) {
    List<Registered> out = new ArrayList<>();
    for (Topic<?, ?> t : topics) {
      if (t.valueSerde() instanceof AvroSerde<?> avro) {
        out.add(register(SchemaRegistry.valueSubject(t.name()), SpecificData.get().getSchema(avro.type())));
      }
    }
    return out;
  }

  /** Registers {@code schema} under {@code subject} with BACKWARD compatibility, or throws why not. */
  public Registered register(String subject, Schema schema) {
    String what = "the " + schema.getName() + " schema for subject " + subject;
    String artifact = "/groups/" + GROUP + "/artifacts/" + enc(subject);
    boolean exists = send("GET", artifact, null, what).statusCode() == 200;
    if (exists) {
      requireBackward(artifact, subject, what);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("artifactId", subject);
    body.put("artifactType", "AVRO");
    ObjectNode content = body.putObject("firstVersion").putObject("content");
    content.put("content", schema.toString());
    content.put("contentType", "application/json");
    HttpResponse<String> reg = send("POST", "/groups/" + GROUP + "/artifacts?ifExists=FIND_OR_CREATE_VERSION",
        body.toString(), what);
    JsonNode answer = parse(reg.body());
    // Apicurio answers a rule violation with 400 or 409 and the causes (what differs, and where)
    if ((reg.statusCode() == 400 || reg.statusCode() == 409) && (answer.has("causes")
        || answer.path("name").asText().contains("RuleViolation"))) {
      throw refused(what, reasons(answer));
    }
    JsonNode version = answer.path("version");
    if (reg.statusCode() / 100 != 2 || !version.has("contentId")) {
      throw new RegistrationException("the schema registry at " + registry.baseUrl() + " did not register "
          + what + ": HTTP " + reg.statusCode() + " " + abbreviate(reg.body()));
    }
    if (!exists) {
      requireBackward(artifact, subject, what);
    }
    return new Registered(subject, version.path("version").asText(), version.get("contentId").asLong());
  }

  private void requireBackward(String artifact, String subject, String what) {
    String rule = "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}";
    HttpResponse<String> r = send("POST", artifact + "/rules", rule, what);
    if (r.statusCode() == 409) { // the rule is there: make sure it says BACKWARD
      r = send("PUT", artifact + "/rules/COMPATIBILITY", rule, what);
    }
    if (r.statusCode() / 100 != 2) {
      throw new RegistrationException("the schema registry at " + registry.baseUrl()
          + " did not accept BACKWARD compatibility for subject " + subject + ": HTTP " + r.statusCode() + " "
          + abbreviate(r.body()));
    }
  }

  private RegistrationException refused(String what, String reasons) {
    return new RegistrationException("the schema registry at " + registry.baseUrl() + " refused " + what
        + ": it is not BACKWARD compatible with the version registered before (" + reasons + "). A reader of the "
        + "new schema must read every record already written: add fields with defaults, never remove or retype "
        + "one without a default. Startup stops here so that nothing is written with a schema old readers lose.");
  }

  /** The registry's rule-violation answer: its title and each cause (what differs, and where). */
  private static String reasons(JsonNode answer) {
    List<String> out = new ArrayList<>();
    String title = answer.path("title").asText(answer.path("detail").asText(""));
    if (!title.isBlank()) {
      out.add(title);
    }
    answer.path("causes").forEach(c -> out.add(c.path("description").asText() + " at "
        + c.path("context").asText()));
    return out.isEmpty() ? "no reason given" : String.join("; ", out);
  }

  private HttpResponse<String> send(String method, String path, String body, String what) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.nativeUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistrationException("cannot reach the schema registry at " + registry.baseUrl() + " to register "
          + what + " (" + e + "); is " + SchemaRegistry.ENV + " right and the registry up?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException("interrupted while registering " + what);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
