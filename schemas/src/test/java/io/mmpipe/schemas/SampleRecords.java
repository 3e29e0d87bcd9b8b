package io.mmpipe.schemas;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** A filled-in record for any schema (every field set, unions on their last branch), for writing old versions. */
final class SampleRecords {

  private SampleRecords() {}

  static Object of(Schema s) {
    return switch (s.getType()) {
      case RECORD -> {
        GenericData.Record r = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
          r.put(f.name(), of(f.schema()));
        }
        yield r;
      }
      // the last branch: in our unions that is the non-null one, or the last payload type
      case UNION -> of(s.getTypes().get(s.getTypes().size() - 1));
      case ENUM -> new GenericData.EnumSymbol(s, s.getEnumSymbols().get(0));
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        items.add(of(s.getElementType()));
        yield new GenericData.Array<>(s, items);
      }
      case MAP -> Map.of("k", of(s.getValueType()));
      case STRING -> "s";
      case BYTES -> ByteBuffer.wrap(new byte[] {1, 2});
      case FIXED -> new GenericData.Fixed(s, new byte[s.getFixedSize()]);
      case INT -> 7;
      case LONG -> 7L;
      case FLOAT -> 7.5f;
      case DOUBLE -> 7.5;
      case BOOLEAN -> true;
      case NULL -> null;
    };
  }
}
