package io.mmpipe.schemas;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeFactory;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Registry mode's wire format, entirely Apicurio's serdes: magic byte 0, the 4-byte content id of the writer
 * schema (the id the Confluent-compatible API hands out), then the Avro binary body, with no Kafka headers. So
 * a Confluent-format reader (Connect's converters, Flink's {@code avro-confluent}, ksqlDB, Spark) reads it.
 *
 * <p>The serializer never registers: the schemas are registered once at startup by {@link SchemaRegistrar} (which
 * is where a breaking change is refused), and the serializer finds its schema's id by content. One client is shared by every serde of a {@link Topics}; the serdes cache ids, so the registry is
 * asked once per schema, not per record.
 */
final class RegistryCodec<T extends SpecificRecord> {

  private final AvroKafkaSerializer<T> serializer;
  private final AvroKafkaDeserializer<T> deserializer;

  RegistryCodec(Client client) {
    serializer = new AvroKafkaSerializer<>(client.facade);
    serializer.configure(client.config, false);
    deserializer = new AvroKafkaDeserializer<>(client.facade);
    deserializer.configure(client.config, false);
  }

  byte[] encode(String topic, T data) {
    return serializer.serialize(topic, data);
  }

  T decode(String topic, byte[] data) {
    return deserializer.deserialize(topic, data);
  }

  /** The serde settings and registry client of one registry, shared by the codecs of one {@link Topics}. */
  static final class Client {
    final Map<String, Object> config;
    final RegistryClientFacade facade;

    Client(SchemaRegistry registry) {
      Map<String, Object> c = new HashMap<>();
      c.put(AvroSerdeConfig.REGISTRY_URL, registry.nativeUrl());
      // registration happens at startup, under the BACKWARD rule: a serializer must never create a version
      c.put(AvroSerdeConfig.AUTO_REGISTER_ARTIFACT, false);
      c.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
      // write the schema whole, as registered (inline named types), so the serializer finds its id by content;
      // otherwise it splits nested named types into references and looks up a schema nobody registered
      c.put(AvroSerdeConfig.DEREFERENCE_SCHEMA, true);
      this.config = Map.copyOf(c);
      this.facade = RegistryClientFacadeFactory.create(new SchemaResolverConfig(config));
    }
  }
}
