package io.mmpipe.ingestor.mapping;

import io.mmpipe.schemas.avro.RawEvent;

/** A RawEvent with its Kafka key (the channel id, or {@code user:<id>} for events without a channel). */
public record KeyedEvent(String key, RawEvent event) {}
