package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

class NamingTest {

  private final ProcessorConfig config = ProcessorConfig.of("dummy:9092", "", "naming");

  @Test
  void shouldEnforceExplicitNamingInTheStreamsConfig() {
    assertThat(config.streamsProperties().get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
        .isEqualTo(true);
    assertThat(config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldFailToBuildATopologyWithAnUnnamedStore() {
    StreamsBuilder builder = ProcessorTopology.strictBuilder(config);
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("read-in"))
        .groupByKey().count(); // store and changelog named by generated index
    assertThatThrownBy(() -> builder.build(config.streamsProperties()))
        .isInstanceOf(org.apache.kafka.streams.errors.TopologyException.class)
        .hasMessageContaining("has not been named");
  }

  @Test
  void shouldNameEveryNodeAndStoreOfTheProductionTopologyAndHaveNoRepartitionTopic() {
    Topology topology = ProcessorTopology.build(new StreamsBuilder(), config, Topics.DEFAULT);
    TopologyDescription d = topology.describe();
    assertThat(d.subtopologies()).hasSize(1); // no repartition: every channel's state stays in one task
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        assertThat(n.name()).as("node name").matches("[a-z][a-z0-9-]*").doesNotContain("KSTREAM")
            .doesNotContain("KTABLE");
        if (n instanceof TopologyDescription.Processor p) {
          p.stores().forEach(st -> assertThat(st).matches("[a-z][a-z0-9-]*"));
        }
      }
    }
    assertThat(d.toString()).doesNotContain("repartition");
  }
}
