package io.mmpipe.streams.validation;

import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;

/** The outcome of validating one raw event: usable, or a dead letter saying why not. */
public sealed interface Checked {

  record Valid(RawEvent event) implements Checked {}

  record Invalid(DeadLetter letter) implements Checked {}
}
