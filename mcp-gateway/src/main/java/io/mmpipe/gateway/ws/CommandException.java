package io.mmpipe.gateway.ws;

/** A command that cannot be carried out: answered with an {@code error} message, the connection stays open. */
public final class CommandException extends RuntimeException {

  private final String errorType;

  /** @param errorType the machine-readable kind ({@code invalid_command}, {@code unknown_subscription}, …) */
  public CommandException(String errorType, String message) {
    super(message, null, false, false); // a client error: no stack trace is taken
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }
}
