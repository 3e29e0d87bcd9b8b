package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Broadcast;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The history that ships in the jar: complete, current, and every schema in it readable by today's serdes. */
class SchemaHistoryTest {

  static final List<Class<? extends SpecificRecord>> CONTRACTS =
      List.of(RawEvent.class, ResourceUpdate.class, ChannelCursor.class, DeadLetter.class,
          Broadcast.class, ChannelActivity.class);
  private static final Path ON_DISK = Path.of("src/main/resources", SchemaHistory.INDEX).getParent();

  static Stream<SchemaHistory.Entry> entries() {
    return SchemaHistory.released().entries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void shouldResolveEveryWriterSchemaInTheHistory(SchemaHistory.Entry entry) {
    Schema writer = entry.schema();
    Class<? extends SpecificRecord> type = contract(writer.getFullName());
    GenericData.Record written = (GenericData.Record) SampleRecords.of(writer);
    byte[] bytes = encode(writer, written);

    SpecificRecord read = AvroSerde.of(type).deserialize("t", bytes);

    assertThat(read).isNotNull();
    // every field the writer had arrives under its name (nested records compared by their JSON form)
    for (Schema.Field f : writer.getFields()) {
      Schema.Field r = read.getSchema().getField(f.name());
      assertThat(r).as("%s still has %s", type.getSimpleName(), f.name()).isNotNull();
      assertThat(String.valueOf(read.get(r.pos()))).as(f.name()).isEqualTo(String.valueOf(written.get(f.name())));
    }
  }

  @Test
  void shouldHoldTheCurrentSchemaOfEveryContract() {
    for (Class<? extends SpecificRecord> type : CONTRACTS) {
      Schema current = SpecificData.get().getSchema(type);
      Set<Long> history = SchemaHistory.released().writersOf(current.getFullName()).stream()
          .map(SchemaNormalization::parsingFingerprint64).collect(Collectors.toSet());
      assertThat(history)
          .as("%s changed: copy its .avsc into a new %s/vN folder and list it in the index (the next version "
              + "must read what this one writes)", type.getSimpleName(), ON_DISK)
          .contains(SchemaNormalization.parsingFingerprint64(current));
    }
  }

  @Test
  void shouldListEverySchemaFileInTheIndex() throws IOException {
    Set<String> files;
    try (Stream<Path> walk = Files.walk(ON_DISK)) {
      files = walk.filter(p -> p.toString().endsWith(".avsc")).map(p -> ON_DISK.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> listed = SchemaHistory.released().entries().stream()
        .map(e -> e.source().substring(e.source().indexOf("schema-history/") + "schema-history/".length()))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).isEqualTo(files);
  }

  @Test
  void shouldReadTheHistoryFromAJar(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("history.jar");
    String avsc = SpecificData.get().getSchema(ChannelCursor.class).toString();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, SchemaHistory.INDEX, "# a comment\n\nv7/ChannelCursor.avsc\n");
      put(out, Path.of(SchemaHistory.INDEX).getParent() + "/v7/ChannelCursor.avsc", avsc);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      SchemaHistory history = SchemaHistory.load(loader);
      assertThat(history.entries()).singleElement()
          .satisfies(e -> assertThat(e.source()).startsWith("jar:").endsWith("/v7/ChannelCursor.avsc"));
      assertThat(history.writersOf(ChannelCursor.getClassSchema().getFullName())).hasSize(1);
    }
  }

  private static void put(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    OutputStream o = out;
    o.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  static byte[] encode(Schema writer, GenericData.Record rec) {
    try {
      return new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), writer).encode(rec).array();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<? extends SpecificRecord> contract(String fullName) {
    return CONTRACTS.stream().filter(c -> c.getName().equals(fullName)).findFirst()
        .orElseThrow(() -> new AssertionError("a history schema of no contract: " + fullName));
  }
}
