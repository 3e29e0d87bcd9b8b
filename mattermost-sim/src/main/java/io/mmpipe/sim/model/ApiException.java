package io.mmpipe.sim.model;

/** A failure the REST layer answers as Mattermost's AppError JSON with this status and error id. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String errorId;

  public ApiException(int status, String errorId, String message) {
    super(message);
    this.status = status;
    this.errorId = errorId;
  }

  public int status() {
    return status;
  }

  public String errorId() {
    return errorId;
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "app.post.get.app_error", what + " not found");
  }

  public static ApiException forbidden() {
    return new ApiException(403, "api.context.permissions.app_error",
        "You do not have the appropriate permissions.");
  }

  public static ApiException badRequest(String param) {
    return new ApiException(400, "api.context.invalid_param.app_error", "Invalid or missing " + param + ".");
  }
}
