package io.github.proxyauth.okhttp.internal;

import java.util.Optional;
import okhttp3.Response;

/**
 * What happens to the proxy connection after a 407, as OkHttp will treat it: kept (the next leg
 * goes on it), closed (OkHttp opens a new one: a connection-bound handshake must restart), or,
 * for CONNECT only, broken (OkHttp would write on a connection it cannot use: the reason).
 */
final class ConnectionFate {
  private final boolean closes;
  private final Optional<String> broken;

  private ConnectionFate(boolean closes, Optional<String> broken) {
    this.closes = closes;
    this.broken = broken;
  }

  /** Returns the fate of the connection that carried {@code response}, a 407. */
  static ConnectionFate of(Response response, boolean tunnel) {
    // OkHttp reconnects only on exactly "Connection: close" (ConnectPlan, Exchange).
    if ("close".equalsIgnoreCase(response.header("Connection"))) {
      return new ConnectionFate(true, Optional.empty());
    }
    Optional<String> trouble = trouble(response);
    if (tunnel) {
      return new ConnectionFate(false, trouble);
    }
    // Plain requests: OkHttp drains a chunked body itself; a dead connection makes it retry the
    // follow-up on a new one, so the handshake just has to restart there.
    boolean chunkedOnly = trouble.isPresent() && trouble.get().contains("chunked");
    return new ConnectionFate(trouble.isPresent() && !chunkedOnly, Optional.empty());
  }

  boolean closes() {
    return closes;
  }

  /** Returns why OkHttp cannot go on after this 407 to CONNECT; empty when it can. */
  Optional<String> broken() {
    return broken;
  }

  private static Optional<String> trouble(Response response) {
    if ("close".equalsIgnoreCase(response.header("Proxy-Connection"))) {
      return Optional.of("says 'Proxy-Connection: close' without 'Connection: close'");
    }
    String encoding = response.header("Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
      return Optional.of("has a chunked body, which OkHttp does not skip (okhttp#2900)");
    }
    if (response.header("Content-Length") == null) {
      return Optional.of("has a body without a length, delimited by closing the connection");
    }
    return Optional.empty();
  }
}
