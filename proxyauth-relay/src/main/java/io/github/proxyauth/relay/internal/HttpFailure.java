package io.github.proxyauth.relay.internal;

import java.io.IOException;

/** Thrown when a message cannot be relayed; carries the status the relay answers with. */
final class HttpFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  HttpFailure(int status, String message) {
    super(message);
    this.status = status;
  }

  HttpFailure(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
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
