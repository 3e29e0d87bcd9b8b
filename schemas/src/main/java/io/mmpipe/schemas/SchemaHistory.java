package io.mmpipe.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every writer schema a record on our topics may carry: the schemas of every released version, shipped in this jar
 * under {@value #INDEX} (one {@code .avsc} path a line, relative to the index). A reader resolves a record by the
 * writer fingerprint in its single-object header, so records written by any released version stay readable after a
 * schema change.
 *
 * <p>Every index of that name on the classpath is read, not only this jar's: a module's tests add a test-only writer
 * schema the same way a release adds a real one, and the production readers resolve it unchanged.
 */
public final class SchemaHistory {

  static final String INDEX = "io/mmpipe/schemas/schema-history/index";

  private static final SchemaHistory RELEASED = load(SchemaHistory.class.getClassLoader());

  private final List<Entry> entries;

  /** One historical schema and the resource it came from (for messages and tests). */
  public record Entry(String source, Schema schema) {}

  private SchemaHistory(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The history on this class's classpath, read once. */
  public static SchemaHistory released() {
    return RELEASED;
  }

  /** A history of exactly these schemas (tests). */
  static SchemaHistory of(Schema... schemas) {
    return new SchemaHistory(Arrays.stream(schemas).map(s -> new Entry("test", s)).toList());
  }

  static SchemaHistory load(ClassLoader loader) {
    List<Entry> out = new ArrayList<>();
    try {
      Enumeration<URL> indexes = loader.getResources(INDEX);
      for (URL index : Collections.list(indexes)) {
        for (String line : lines(index)) {
          URL file = resolve(index, line);
          try (InputStream in = file.openStream()) {
            // one parser per file: the files repeat the named types they share (Post, Source, ...)
            out.add(new Entry(file.toString(), new Schema.Parser().parse(in)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema history " + INDEX + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no schema history on the classpath (" + INDEX + ")");
    }
    return new SchemaHistory(out);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The historical schemas of the record named {@code fullName} (e.g. {@code io.mmpipe.schemas.avro.RawEvent}). */
  public List<Schema> writersOf(String fullName) {
    return entries.stream().map(Entry::schema).filter(s -> s.getFullName().equals(fullName)).toList();
  }

  private static List<String> lines(URL index) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l);
        }
      }
    }
    return out;
  }

  private static URL resolve(URL index, String relative) throws IOException {
    try {
      // jar: URLs are opaque to URI.resolve, so resolve against the part after "!/" by hand
      String s = index.toString();
      int cut = s.lastIndexOf('/');
      return new URI(s.substring(0, cut + 1) + relative).toURL();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("bad entry '" + relative + "' in " + index, e);
    }
  }
}
