package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;

/**
 * The {@code PROXY_TIMEOUT} diagnoses of a handshake through OkHttp: the adapter's handshake
 * deadline cancelled the call ({@link HandshakeClock}), or one of OkHttp's own socket timeouts
 * expired while a request to the proxy waited for its answer. Both name the proxy, the last
 * request sent to it and how (anonymous, or which credentials on which attempt).
 */
final class HandshakeTimeouts {
  private static final String FIX = "check that the proxy is up and not overloaded; if it is only"
      + " slow, raise the timeout";

  private HandshakeTimeouts() {}

  /** Returns the failure of a call the handshake deadline {@code timeout} cancelled. */
  static ProxyAuthException deadline(AuthExchange exchange, HandshakeTrail.Step step,
      Duration timeout, IOException e) {
    return exchange.fail(step.challenges(), Reason.PROXY_TIMEOUT, "timed out: the proxy "
        + step.facts().proxy() + " did not complete the handshake within the handshake deadline"
        + " of " + shown(timeout) + " (" + waiting(exchange, step) + "); the call was cancelled",
        FIX + " (OkHttpProxyAuthenticator.withHandshakeTimeout)", e);
  }

  /** Returns the failure of a call one of OkHttp's socket timeouts ended in a handshake. */
  static ProxyAuthException okHttps(AuthExchange exchange, HandshakeTrail.Step step,
      Interceptor.Chain chain, IOException e) {
    return exchange.fail(step.challenges(), Reason.PROXY_TIMEOUT, "timed out: an OkHttp socket"
        + " timeout (connect " + shown(chain.connectTimeoutMillis()) + ", read "
        + shown(chain.readTimeoutMillis()) + ", write " + shown(chain.writeTimeoutMillis())
        + ") expired in the handshake with the proxy " + step.facts().proxy() + " ("
        + waiting(exchange, step) + ")", FIX + " (OkHttpClient.Builder's timeouts)", e);
  }

  private static String waiting(AuthExchange exchange, HandshakeTrail.Step step) {
    AuthRequest facts = step.facts();
    return "the last request: " + facts.method() + " " + facts.target() + " sent "
        + BrokenHandshakes.sent(exchange, step.challenges().isEmpty() ? "without credentials"
            : "without credentials, after its 407");
  }

  private static String shown(int millis) {
    return millis == 0 ? "none" : shown(Duration.ofMillis(millis));
  }

  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
