package io.github.proxyauth.relay.internal;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Thrown when a message cannot be relayed; carries the status the relay answers with. */
final class HttpFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean unreachable;

  HttpFailure(int status, String message) {
    this(status, message, null, false);
  }

  HttpFailure(int status, String message, Throwable cause) {
    this(status, message, cause, false);
  }

  private HttpFailure(int status, String message, @Nullable Throwable cause,
      boolean unreachable) {
    super(message, cause);
    this.status = status;
    this.unreachable = unreachable;
  }

  /** The next hop (a proxy, or the origin for DIRECT) could not be connected to: try another. */
  static HttpFailure unreachable(String message, IOException cause) {
    return new HttpFailure(502, message, cause, true);
  }

  /** Returns whether the next hop could not be reached, so that the route's next hop may serve. */
  boolean unreachable() {
    return unreachable;
  }

  static HttpFailure badRequest(String message) {
    return new HttpFailure(400, message);
  }

  static HttpFailure badGateway(String message) {
    return new HttpFailure(502, message);
  }

  int status() {
    return status;
  }
}
