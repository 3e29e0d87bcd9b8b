package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Every schema ever released (src/test/resources/schema-history/vN/*.avsc) must stay readable by the current
 * schema: a new gateway or processor reads what an old ingestor wrote. When a schema changes, copy the new .avsc
 * into a new vN folder so the next change is checked against it too.
 */
class SchemaCompatibilityTest {

  private static final List<Class<? extends SpecificRecord>> CONTRACTS =
      List.of(RawEvent.class, ResourceUpdate.class, ChannelCursor.class, DeadLetter.class);

  static Stream<Arguments> historicalSchemas() throws IOException {
    List<Arguments> args = new ArrayList<>();
    Path history = Path.of("src/test/resources/schema-history");
    try (Stream<Path> versions = Files.list(history)) {
      for (Path version : versions.sorted().toList()) {
        for (Class<? extends SpecificRecord> type : CONTRACTS) {
          Path file = version.resolve(type.getSimpleName() + ".avsc");
          if (Files.exists(file)) {
            args.add(Arguments.of(version.getFileName() + "/" + type.getSimpleName(), type, file));
          }
        }
      }
    }
    assertThat(args).as("schema history present for every contract").hasSizeGreaterThanOrEqualTo(CONTRACTS.size());
    return args.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historicalSchemas")
  void shouldReadEveryReleasedWriterSchema(String name, Class<? extends SpecificRecord> type, Path file)
      throws IOException {
    Schema old;
    try (InputStream in = Files.newInputStream(file)) {
      old = new Schema.Parser().parse(in);
    }
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
