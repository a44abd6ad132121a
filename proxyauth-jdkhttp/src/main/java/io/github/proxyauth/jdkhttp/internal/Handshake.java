package io.github.proxyauth.jdkhttp.internal;

import io.github.proxyauth.spi.AuthExchange;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Drives one request through the proxy's {@code 407}s on relay-owned connections: sends it, drains
 * each 407 page (Content-Length, chunked or close-delimited), asks the engine for the next
 * {@code Proxy-Authorization}, reconnects when the proxy closes, and returns the first other
 * response head. The engine decides everything about authentication; this class only moves bytes.
 */
final class Handshake {
  private static final int MAX_ROUNDS = 16;
  private static final int MAX_SILENT_CLOSES = 3;
  private static final int MAX_INTERIM = 16;

  /** Writes the request (head and body) with an optional {@code Proxy-Authorization}. */
  interface Sender {
    void send(Upstream upstream, Optional<String> authorization) throws IOException;
  }

  private final Relay relay;
  private final UpstreamProxy proxy;
  private final String method;
  private final AuthExchange exchange;
  private Upstream upstream;
  private Head last = new Head("HTTP/1.1 502 Not run", List.of());

  Handshake(Relay relay, UpstreamProxy proxy, String method, AuthExchange exchange,
      Upstream upstream) {
    this.relay = relay;
    this.proxy = proxy;
    this.method = method;
    this.exchange = exchange;
    this.upstream = upstream;
  }

  /** Returns the connection now in use: reconnects replace the one given. */
  Upstream upstream() {
    return upstream;
  }

  /** Returns the response head {@link #run} returned. */
  Head lastResponse() {
    return last;
  }

  /** Returns the first non-407 response head; the connection is positioned at its body. */
  Head run(Optional<String> first, Sender sender) throws IOException {
    Optional<String> authorization = first;
    List<String> challenges = List.of();
    int silentCloses = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Optional<Head> head = sendAndRead(sender, authorization);
      if (head.isEmpty()) {
        if (++silentCloses > MAX_SILENT_CLOSES || (!upstream.reused && challenges.isEmpty())) {
          throw HttpFailure.badGateway("The proxy " + proxy.key()
              + " closed the connection without answering");
        }
        authorization = afterSilentClose(authorization, challenges);
        continue;
      }
      if (head.get().status() != 407) {
        succeeded(head.get());
        last = head.get();
        return last;
      }
      challenges = head.get().values("Proxy-Authenticate");
      if (!drain407(head.get())) {
        reconnect();
      }
      authorization = Optional.of(exchange.respond(challenges));
    }
    throw HttpFailure.badGateway("The proxy " + proxy.key() + " answered 407 " + MAX_ROUNDS
        + " times; gave up");
  }

  /** Returns whether {@code exchange} authenticated the connection rather than the request. */
  static boolean connectionBound(AuthExchange exchange) {
    return exchange.connectionBound();
  }

  private Optional<Head> sendAndRead(Sender sender, Optional<String> authorization)
      throws IOException {
    try {
      sender.send(upstream, authorization);
    } catch (HttpFailure | io.github.proxyauth.ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      if (!upstream.reused) {
        throw new HttpFailure(502, "Could not send to the proxy " + proxy.key() + ": " + e, e);
      }
      return Optional.empty(); // a pooled connection the proxy had closed
    }
    return readFinalHead();
  }

  private Optional<Head> readFinalHead() throws IOException {
    for (int interim = 0; interim <= MAX_INTERIM; interim++) {
      Optional<Head> head;
      try {
        head = upstream.readHead();
      } catch (HttpFailure e) {
        throw e;
      } catch (java.net.SocketTimeoutException e) {
        throw new HttpFailure(504, "The proxy " + proxy.key() + " did not answer within "
            + relay.config().idleTimeout(), e);
      } catch (IOException e) {
        return Optional.empty();
      }
      if (head.isEmpty() || head.get().status() / 100 != 1 || head.get().status() == 101) {
        return head;
      }
    }
    throw HttpFailure.badGateway("The proxy " + proxy.key() + " sent more than " + MAX_INTERIM
        + " interim (1xx) responses; gave up");
  }

  private Optional<String> afterSilentClose(Optional<String> authorization,
      List<String> challenges) throws IOException {
    reconnect();
    if (connectionBound(exchange) && !challenges.isEmpty()) {
      return Optional.of(exchange.respond(challenges)); // the engine restarts the handshake
    }
    return authorization;
  }

  private void succeeded(Head head) throws IOException {
    exchange.succeeded(head.values("Proxy-Authenticate"));
    if (exchange.scheme().isPresent()) {
      upstream.bound = connectionBound(exchange);
    }
  }

  /** Reads the 407 page; returns whether the connection stays usable. */
  private boolean drain407(Head head) throws IOException {
    Framing framing = Framing.ofResponse(head, method, 407);
    boolean open = head.keepAlive() && framing.kind() != Framing.Kind.UNTIL_CLOSE;
    try {
      Bodies.discard(upstream.in, framing);
    } catch (IOException e) {
      return false;
    }
    return open;
  }

  private void reconnect() throws IOException {
    upstream.close();
    upstream = proxy.open(relay);
    exchange.connectionClosed();
  }
}
