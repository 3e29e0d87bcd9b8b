package io.mmpipe.testkit;

import io.mmpipe.schemas.SchemaHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a record the way a version one schema change older would have: with the test-only writer schema that lacks
 * a field today's schema has ({@code io/mmpipe/schemas/schema-history/test-added-field} in this jar). The production
 * readers must resolve those bytes by their fingerprint and fill the missing field with its default.
 */
public final class OlderWriter {

  private static final String DIR = "/test-added-field/";

  private OlderWriter() {}

  /** The test-only older writer schema of {@code type}. */
  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    return SchemaHistory.released().entries().stream()
        .filter(e -> e.source().contains(DIR) && e.schema().getFullName().equals(type.getName()))
        .map(SchemaHistory.Entry::schema).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no test-only older schema for " + type.getName()));
  }

  /** The single-object bytes of {@code current} written with the older schema (the fields it has, copied by name). */
  public static byte[] encode(SpecificRecord current) {
    Schema older = schemaOf(current.getClass());
    GenericData.Record rec = new GenericData.Record(older);
    for (Schema.Field f : older.getFields()) {
      rec.put(f.name(), current.get(current.getSchema().getField(f.name()).pos()));
    }
    try {
      // the specific model writes the nested generated records and enums, which keep their shape in the older schema
      return new BinaryMessageEncoder<GenericData.Record>(SpecificData.getForClass(current.getClass()), older)
          .encode(rec).array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
