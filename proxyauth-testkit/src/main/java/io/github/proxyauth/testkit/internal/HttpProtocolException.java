package io.github.proxyauth.testkit.internal;

import java.io.IOException;

/** Thrown when a peer sends bytes that are not the HTTP/1.1 the proxy expects. */
final class HttpProtocolException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** {@code status} is what the proxy answers the client: 400, 413, 431 or 501. */
  public HttpProtocolException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
