package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.Excerpt;
import io.github.proxyauth.internal.http.Framing;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.ProxyHandshake;
import io.github.proxyauth.internal.http.RequestLine;
import io.github.proxyauth.internal.http.TunnelPump;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * One CONNECT: opens the relay's own connection to the route's next hop; through an upstream proxy
 * it authenticates the CONNECT there, for DIRECT it connects to the target itself; then it answers
 * {@code 200} to the client and pipes bytes until both sides are done.
 */
final class Tunnel {
  private final ClientSession session;
  private final RequestLine line;
  private final Head head;
  private final Target target;
  private final UpstreamProxy proxy;

  Tunnel(ClientSession session, RequestLine line, Head head, Target target, UpstreamProxy hop) {
    this.session = session;
    this.line = line;
    this.head = head;
    this.target = target;
    this.proxy = hop;
  }

  void run() throws IOException {
    Relay relay = session.relay();
    if (proxy.direct()) {
      Upstream origin = proxy.openTunnel(relay);
      try {
        pump(relay, origin);
      } finally {
        origin.close();
      }
      return;
    }
    AuthExchange exchange = session.generation().authenticator().newExchange(
        AuthRequest.connect(proxy.host(), proxy.port(), target.host(), target.port()));
    exchange.throwIfPaused(); // a paused password costs no connection
    ClientWatch client = new ClientWatch(session.socket, session.in);
    ProxyHandshake<Upstream> handshake = new ProxyHandshake<>(exchange, "CONNECT",
        () -> watched(relay, client), watched(relay, client), relay.config().handshakeTimeout());
    try {
      Head response;
      try {
        response = handshake.run(exchange.preemptive(), this::sendConnect);
      } finally {
        session.schemeUsed(exchange.scheme());
      }
      Upstream upstream = handshake.connection();
      if (response.status() / 100 != 2) {
        refused(upstream, response);
        return;
      }
      pump(relay, upstream);
    } finally {
      handshake.connection().close();
    }
  }

  /** Returns a new connection to the proxy whose reads give up once the client went away. */
  private Upstream watched(Relay relay, ClientWatch client) throws IOException {
    Upstream upstream = proxy.openTunnel(relay);
    upstream.watch(client);
    return upstream;
  }

  private void pump(Relay relay, Upstream upstream) throws IOException {
    upstream.unwatch(); // two threads read from here on
    session.responseStarted(200);
    Replies.established(session.out);
    CountingInputStream toClient = new CountingInputStream(upstream.in);
    try {
      TunnelPump.run(relay.executor(), session.socket, session.in, upstream.socket, toClient,
          relay.config().idleTimeout(), upstream::close);
    } finally {
      session.tunnelled(toClient.count());
    }
  }

  private void sendConnect(Upstream upstream, Optional<String> authorization) throws IOException {
    Head request = head.withStartLine("CONNECT " + line.target() + " HTTP/1.1");
    if (!request.has("Host")) {
      request = request.with("Host", line.target());
    }
    if (authorization.isPresent()) {
      request = request.with("Proxy-Authorization", authorization.get());
    }
    request.writeTo(upstream.out);
    upstream.out.flush();
  }

  /** Passes the proxy's refusal (403, 502...) on to the client, then closes. */
  private void refused(Upstream upstream, Head response) throws IOException {
    int status = response.status();
    Framing framing = Framing.ofResponse(response, "GET", status);
    Head out = Forwarder.toClient(response).with("Connection", "close");
    if (framing.kind() == Framing.Kind.UNTIL_CLOSE) {
      out = out.without(Set.of("content-length"));
    }
    session.responseStarted(status);
    out.writeTo(session.out);
    Bodies.copy(upstream.in, session.out, framing);
    session.out.flush();
  }

  /** A CONNECT target {@code host:port}, IPv6 hosts in brackets. */
  record Authority(String host, int port) {
    static Authority parse(String target) throws HttpFailure {
      int colon = target.lastIndexOf(':');
      int port = colon <= 0 ? -1 : port(target, colon + 1);
      String host = colon <= 0 ? "" : target.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw HttpFailure.badRequest("Expected a CONNECT target host:port, got '"
            + Excerpt.of(target, 200) + "'");
      }
      return new Authority(host, port);
    }

    /** Returns the 1-5 digit number at {@code from} to the end, or -1. */
    private static int port(String s, int from) {
      if (s.length() == from || s.length() - from > 5) {
        return -1;
      }
      int port = 0;
      for (int i = from; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        port = port * 10 + (c - '0');
      }
      return port;
    }
  }
}
