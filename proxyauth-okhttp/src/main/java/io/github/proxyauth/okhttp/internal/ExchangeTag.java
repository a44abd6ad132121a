package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthExchange;
import java.util.Optional;
import okhttp3.Request;

/**
 * The handshake state one call carries in its request tag: the engine's exchange, which also
 * counts the call's attempts against the engine's one cap (OkHttp's CONNECT loop has none of its
 * own). The tag travels from leg to leg because OkHttp sends the very request the authenticator
 * returned and hands it back as {@code response.request()}. With {@code probe}, the exchange
 * authenticates the body-less {@code HEAD} that stands in for the tagged request until the proxy
 * accepts ({@link Uploads}).
 */
record ExchangeTag(AuthExchange exchange, boolean probe) {

  ExchangeTag(AuthExchange exchange) {
    this(exchange, false);
  }

  /** Returns the tag of {@code request}, if it has one. */
  static Optional<ExchangeTag> of(Request request) {
    return Optional.ofNullable(request.tag(ExchangeTag.class));
  }

  /** Returns true when this tag's exchange was made for {@code proxy} ({@code host:port}). */
  boolean isFor(String proxy) {
    return exchange.request().proxy().equals(proxy);
  }
}
