package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.avro.ChannelCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SCHEMA_REGISTRY_URL: what it accepts, what it refuses and how, and what a reader without it says. */
class SchemaRegistryTest {

  @ParameterizedTest
  @CsvSource({
      "http://registry:8080, http://registry:8080",
      "http://registry:8080/, http://registry:8080",
      "http://registry:8080/apis/ccompat/v7, http://registry:8080",
      "http://registry:8080/apis/registry/v3/, http://registry:8080",
      "https://r.example.com/base, https://r.example.com/base"})
  void shouldTakeTheBaseOrEitherApiAddressAsTheSameRegistry(String given, String base) {
    SchemaRegistry r = SchemaRegistry.of(given);
    assertThat(r.baseUrl()).hasToString(base);
    assertThat(r.ccompatUrl()).isEqualTo(base + "/apis/ccompat/v7");
    assertThat(r.nativeUrl()).isEqualTo(base + "/apis/registry/v3");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "registry:8080 | SCHEMA_REGISTRY_URL must be an http(s) URL such as http://registry:8080 (was 'registry:8080')",
      "ftp://r:21 | SCHEMA_REGISTRY_URL must be an http(s) URL such as http://registry:8080 (was 'ftp://r:21')",
      "http:// | SCHEMA_REGISTRY_URL is not a valid URL (was 'http://')",
      "http://r:8080/?x=1 | SCHEMA_REGISTRY_URL must not carry a query, a fragment or credentials (was 'http://r:8080/?x=1')",
      "http://u:p@r:8080 | SCHEMA_REGISTRY_URL must not carry a query, a fragment or credentials (was 'http://u:p@r:8080')",
      "http://r 8080 | SCHEMA_REGISTRY_URL is not a valid URL (was 'http://r 8080')"})
  void shouldRefuseWhatIsNoRegistryAddressWithAMessageNamingTheVariable(String given, String message) {
    assertThat(SchemaRegistry.problemWith(given)).isEqualTo(message);
    assertThatThrownBy(() -> SchemaRegistry.of(given)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    List<String> problems = new ArrayList<>();
    Topics t = Topics.fromEnv(Map.of("SCHEMA_REGISTRY_URL", given), problems::add);
    assertThat(problems).containsExactly(message);
    assertThat(t.registry()).isEmpty();
  }

  @Test
  void shouldStayInSingleObjectModeWithoutTheVariableOrWithABlankOne() {
    assertThat(Topics.fromEnv(Map.of()).registry()).isEmpty();
    assertThat(Topics.fromEnv(Map.of("SCHEMA_REGISTRY_URL", " ")).registry()).isEmpty();
    assertThat(Topics.fromEnv(Map.of()).registerSchemas()).isEmpty();
    assertThat(((AvroSerde<?>) Topics.DEFAULT.updates().valueSerde()).registryMode()).isFalse();
  }

  @Test
  void shouldNameTheVariableWhenASingleObjectReaderMeetsARegistryRecord() {
    byte[] registryFormat = {0, 0, 0, 0, 42, 2, 'a'};
    AvroSerde<ChannelCursor> serde = AvroSerde.of(ChannelCursor.class);
    assertThatThrownBy(() -> serde.deserialize("mm.channel-cursors", registryFormat))
        .isInstanceOf(SerializationException.class)
        .hasMessage("a ChannelCursor record on topic mm.channel-cursors is in the Schema Registry wire format "
            + "(schema id 42), but this process runs without SCHEMA_REGISTRY_URL: set it to read records written in "
            + "registry mode");
  }

  @Test
  void shouldNameEveryTopicsValueSubjectAfterTheTopic() {
    assertThat(SchemaRegistry.valueSubject("mm.updates")).isEqualTo("mm.updates-value");
  }
}
