package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Broadcast;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema ever released ({@link SchemaHistory}: src/main/resources/io/mmpipe/schemas/schema-history) must stay
 * readable by the current schema: a new gateway or processor reads what an old ingestor wrote. When a schema
 * changes, copy the new .avsc into a new vN folder so the next change is checked against it too
 * ({@code SchemaHistoryTest} fails until then).
 */
class SchemaCompatibilityTest {

  private static final List<Class<? extends SpecificRecord>> CONTRACTS =
      List.of(RawEvent.class, ResourceUpdate.class, ChannelCursor.class, DeadLetter.class,
          Broadcast.class, ChannelActivity.class);

  static Stream<Arguments> historicalSchemas() {
    List<Arguments> args = new ArrayList<>();
    for (SchemaHistory.Entry e : SchemaHistory.released().entries()) {
      for (Class<? extends SpecificRecord> type : CONTRACTS) {
        if (type.getName().equals(e.schema().getFullName())) {
          String source = e.source();
          args.add(Arguments.of(source.substring(source.lastIndexOf("schema-history/")), type, e.schema()));
        }
      }
    }
    assertThat(args).as("schema history present for every contract").hasSizeGreaterThanOrEqualTo(CONTRACTS.size());
    return args.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historicalSchemas")
  void shouldReadEveryReleasedWriterSchema(String name, Class<? extends SpecificRecord> type, Schema old) {
    Schema current = schemaOf(type);
    var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
    assertThat(result.getType())
        .as("current %s must read data written with %s: %s", type.getSimpleName(), name,
            result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  private static Schema schemaOf(Class<? extends SpecificRecord> type) {
    return org.apache.avro.specific.SpecificData.get().getSchema(type);
  }
}
