package io.mmpipe.gateway.http;

import io.javalin.http.HttpResponseException;
import java.util.Map;

/** An HTTP error with a machine-readable code ({@code invalid_resume_token}) besides the human message. */
public final class ApiException extends HttpResponseException {

  private final String code;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /**
   * {@code details} are added to the JSON body; {@code Retry-After} and {@code WWW-Authenticate} entries become those
   * headers instead.
   */
  public ApiException(int status, String code, String message, Map<String, String> details) {
    super(status, message, details);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
