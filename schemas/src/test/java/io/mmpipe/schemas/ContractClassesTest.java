package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** Avro trusts our generated contracts once a serde exists, and still nothing else of ours. */
class ContractClassesTest {

  @Test
  void shouldTrustTheGeneratedContractsOnceASerdeExists() {
    AvroSerde.of(RawEvent.class);

    ClassSecurityValidator.validate(RawEvent.class);
    ClassSecurityValidator.validate(Source.class);
  }

  @Test
  void shouldStillRefuseOurOtherClasses() {
    AvroSerde.of(RawEvent.class);

    assertThatThrownBy(() -> ClassSecurityValidator.validate(Topics.class)).isInstanceOf(SecurityException.class);
    assertThat(ContractClasses.isContract(Topics.class)).isFalse();
  }

  @Test
  void shouldTrustOnlyTheOnePackage() {
    assertThat(ContractClasses.isContract(RawEvent.class)).isTrue();
    assertThat(ContractClasses.isContract(String.class)).isFalse();
  }
}
