package io.github.proxyauth.relay.internal;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.Framing;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException;
import io.github.proxyauth.internal.http.ProxyHandshake;
import io.github.proxyauth.internal.http.RequestLine;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One forwarded (plain {@code http://}) request through the route's next hop. Through an upstream
 * proxy: takes an authenticated connection from that proxy's pool or opens one, authenticates
 * with a body-less probe first when the request has a body and the connection is not ready,
 * sends the request and relays the response. DIRECT: sends it in origin form to the origin over a
 * pooled or new connection, without any proxy credentials.
 */
final class Forwarder {
  private static final int REPLAY_LIMIT = 64 * 1024;
  /** Methods a request with which may be sent again (RFC 9110 §9.2.2). */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT",
      "DELETE");
  private static final Set<String> RESPONSE_HOP_BY_HOP = Set.of("connection", "proxy-connection",
      "keep-alive", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authentication-info");
  /** {@link #RESPONSE_HOP_BY_HOP} and Content-Length, which beside chunked is wrong. */
  private static final Set<String> RESPONSE_HOP_BY_HOP_CHUNKED = Set.of("connection",
      "proxy-connection", "keep-alive", "te", "trailer", "upgrade", "proxy-authenticate",
      "proxy-authentication-info", "content-length");

  /** Writes one request to an upstream connection. */
  private interface Write {
    void to(Upstream upstream) throws IOException;
  }

  private final ClientSession session;
  private final RequestLine line;
  private final Head original;
  private final Head head;
  private final TeeBuffer tee = new TeeBuffer(REPLAY_LIMIT);
  private Framing body;
  /** The upstream connection this request holds: closed when the request fails. */
  private Optional<Upstream> held = Optional.empty();
  private final URI uri;
  private final UpstreamProxy proxy;
  private boolean bodyStarted;
  private boolean bodyBroken;
  private Optional<AuthExchange> current = Optional.empty();
  private final ClientWatch client;

  Forwarder(ClientSession session, RequestLine line, Head original, Head head, URI uri,
      UpstreamProxy hop) {
    this.session = session;
    this.line = line;
    this.original = original;
    this.head = head;
    this.uri = uri;
    this.proxy = hop;
    this.client = new ClientWatch(session.socket, session.in);
  }

  /** Returns whether the client connection stays open for another request. */
  boolean forward() throws IOException {
    body = Framing.ofRequest(original);
    Optional<Upstream> pooled = session.generation().pool(proxy).take();
    if (pooled.isEmpty() && !proxy.direct()) {
      newExchange(line.method()).throwIfPaused(); // a paused password costs no connection
    }
    try {
      Upstream first = hold(pooled.isPresent() ? pooled.get() : open());
      Head response = sendOrResend(first);
      return relayResponse(held.orElseThrow(), response);
    } catch (IOException | RuntimeException e) {
      held.ifPresent(Upstream::close);
      throw e;
    }
  }

  /**
   * Sends the request and returns the response head. A pooled connection that answers with bytes
   * that are no response head is desynchronised: an upstream put a body after its answer to
   * {@code HEAD} (RFC 9110 §9.3.2 forbids one) and it arrived after the pool's check. It is closed
   * and an idempotent request whose body can be sent again goes once more on a new connection.
   */
  private Head sendOrResend(Upstream first) throws IOException {
    try {
      return proxy.direct() ? sendDirect(first) : send(first);
    } catch (HttpProtocolException e) {
      Upstream failed = held.orElseThrow();
      if (e.side() != HttpProtocolException.Side.RESPONSE || !failed.reused
          || !IDEMPOTENT.contains(line.method()) || (bodyStarted && !tee.replayable())) {
        throw e;
      }
      failed.close();
      Upstream fresh = hold(open());
      return proxy.direct() ? sendDirect(fresh) : send(fresh);
    }
  }

  /** Returns a new connection to the next hop, its reads watching the client. */
  private Upstream open() throws IOException {
    Upstream upstream = proxy.open(session.relay());
    upstream.watch(client);
    return upstream;
  }

  /**
   * Sends the request to the origin itself (DIRECT) and returns its final response head; a pooled
   * connection the origin had closed is replaced once, before any body byte went out.
   */
  private Head sendDirect(Upstream first) throws IOException {
    Head request = head.without(Set.of("proxy-authorization"))
        .withStartLine(line.method() + " " + Target.forward(line.target()).originForm()
            + " HTTP/1.1");
    Upstream origin = first;
    for (int attempt = 0; ; attempt++) {
      try {
        Upstream to = origin;
        write(to, u -> {
          request.writeTo(u.out);
          if (!body.isEmpty()) {
            sendBody(u);
          }
        });
        return finalResponse(to);
      } catch (ProxyHandshake.StaleConnectionException e) {
        if (attempt > 0 || bodyStarted) {
          throw HttpFailure.badGateway(proxy.subject() + " closed the connection: "
              + e.getCause());
        }
        origin.close();
        origin = hold(open());
      }
    }
  }

  /** Reads past interim (1xx) responses, at most {@link ProxyHandshake#MAX_INTERIM} of them. */
  private Head finalResponse(Upstream origin) throws IOException {
    for (int i = 0; i <= ProxyHandshake.MAX_INTERIM; i++) {
      Optional<Head> response = HeadReader.read(origin.in, HttpProtocolException.Side.RESPONSE);
      if (response.isEmpty()) {
        if (origin.reused && !bodyStarted) {
          throw new ProxyHandshake.StaleConnectionException(new IOException("closed when idle"));
        }
        throw HttpFailure.badGateway(proxy.subject()
            + " closed the connection without an answer");
      }
      int status = response.get().status();
      if (status / 100 != 1 || status == 101) {
        return response.get();
      }
    }
    throw HttpFailure.badGateway(proxy.subject() + " sent more than "
        + ProxyHandshake.MAX_INTERIM + " interim responses");
  }


  private Upstream hold(Upstream upstream) {
    upstream.watch(client);
    held = Optional.of(upstream);
    return upstream;
  }

  private Head send(Upstream first) throws IOException {
    Upstream upstream = first;
    if ((!body.isEmpty() || line.method().equals("HEAD")) && !upstream.bound) {
      AuthExchange exchange = newExchange(line.method());
      Optional<String> preemptive = exchange.preemptive();
      if (preemptive.isPresent() && !exchange.connectionBound()) {
        return run(upstream, exchange, preemptive, line.method(), this::sendRequest);
      }
      upstream = probe(upstream);
    }
    AuthExchange exchange = newExchange(line.method());
    if (upstream.bound) {
      exchange.reliesOnConnection(); // a 407 tells the engine the proxy did not keep it
    }
    return run(upstream, exchange, upstream.bound ? Optional.empty() : exchange.preemptive(),
        line.method(), this::sendRequest);
  }

  private Head run(Upstream upstream, AuthExchange exchange, Optional<String> first,
      String method, ProxyHandshake.Sender<Upstream> sender) throws IOException {
    current = Optional.of(exchange);
    // The whole-handshake deadline, as for CONNECT; the final answer's wait includes the
    // origin's time to its first byte, the upload's time does not count.
    ProxyHandshake<Upstream> handshake = new ProxyHandshake<>(exchange, method, this::open,
        upstream, session.relay().config().handshakeTimeout());
    Head response;
    try {
      response = handshake.run(first, sender);
    } finally {
      hold(handshake.connection()); // a reconnect replaced the connection
      session.schemeUsed(exchange.scheme().or(() -> handshake.connection().scheme));
    }
    if (exchange.scheme().isPresent()) {
      handshake.connection().bound = exchange.connectionBound();
      handshake.connection().scheme = exchange.scheme();
    }
    return response;
  }

  /**
   * Authenticates the connection before the body goes out, with a body-less {@code OPTIONS <uri>}:
   * a safe method (RFC 9110 §9.3.7) that a proxy authenticates like any request and passes to the
   * origin, whose answer (200, 405, 501...) only has to be something other than a 407. Not with
   * {@code Max-Forwards: 0}: Squid answers that itself with a 501 before authentication, so the
   * probe never authenticated and a large body met the 407 after it was sent (issue 14). Not
   * {@code HEAD}: a proxy that puts a body on its 407 to a HEAD would desynchronise the
   * connection. Returns the connection to use next.
   */
  private Upstream probe(Upstream upstream) throws IOException {
    AuthExchange exchange = newExchange("OPTIONS");
    Head response = run(upstream, exchange, exchange.preemptive(), "OPTIONS", this::sendProbe);
    Upstream now = held.orElseThrow();
    Framing framing = Framing.ofResponse(response, "OPTIONS", response.status());
    if (!response.keepAlive() || !Bodies.drain(now.in, framing, ProxyHandshake.DRAIN_CAP)) {
      now.close();
      return hold(open());
    }
    return now;
  }

  private void sendProbe(Upstream upstream, Optional<String> authorization) throws IOException {
    Head probe = new Head("OPTIONS " + uri.toASCIIString() + " HTTP/1.1", List.of(
        new Head.Field("Host", original.value("Host").orElse(uri.getRawAuthority())),
        new Head.Field("Content-Length", "0")));
    write(upstream, u -> withAuthorization(probe, authorization).writeTo(u.out));
  }

  private void sendRequest(Upstream upstream, Optional<String> authorization)
      throws IOException {
    if (bodyBroken) {
      throw HttpFailure.badGateway(proxy.subject()
          + " closed the connection while the request body was being sent");
    }
    Head request = head.withStartLine(line.method() + " " + line.target() + " HTTP/1.1");
    write(upstream, u -> {
      withAuthorization(request, authorization).writeTo(u.out);
      if (!body.isEmpty()) {
        sendBody(u);
      }
    });
  }

  /**
   * Writes and flushes; a plain I/O failure on a pooled connection means the proxy had closed it
   * (the handshake then sends again on a new one), on a new connection it is a 502.
   */
  private void write(Upstream upstream, Write write) throws IOException {
    try {
      write.to(upstream);
      upstream.out.flush();
    } catch (HttpFailure | HttpProtocolException | ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      if (upstream.reused) {
        throw new ProxyHandshake.StaleConnectionException(e);
      }
      throw new HttpFailure(502, "Could not send to " + proxy.describe() + ": " + e, e);
    }
  }

  private void sendBody(Upstream upstream) throws IOException {
    if (bodyStarted) {
      if (!tee.replayable()) {
        throw notReplayable();
      }
      tee.replay(upstream.out);
      return;
    }
    bodyStarted = true;
    session.bodyStarted();
    if (original.tokens("Expect").contains("100-continue")) {
      session.out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      session.out.flush();
    }
    try {
      Bodies.copy(session.in, upstream.out, body, tee, session.buffer());
    } catch (IOException e) {
      bodyBroken = true;
      throw e;
    }
  }

  private boolean relayResponse(Upstream upstream, Head response) throws IOException {
    int status = response.status();
    Framing framing = Framing.ofResponse(response, line.method(), status);
    boolean closeDelimited = framing.kind() == Framing.Kind.UNTIL_CLOSE;
    boolean upstreamReusable = response.keepAlive() && !closeDelimited
        && !(framing.isEmpty() && declaresBody(response) && upstream.stale());
    boolean keep = original.keepAlive() && !closeDelimited && status != 101
        && !session.relay().draining();
    Head out = toClient(response);
    session.responseStarted(status);
    (keep ? out : out.with("Connection", "close")).writeTo(session.out);
    Bodies.copy(upstream.in, session.out, framing, OutputStream.nullOutputStream(),
        session.buffer());
    held = Optional.empty();
    upstream.unwatch();
    if (upstreamReusable) { // pooled before the client has the last byte and may ask again
      session.generation().pool(proxy).offer(upstream);
    } else {
      upstream.close();
    }
    session.out.flush();
    return keep;
  }

  /**
   * Returns whether a response that has no body by its request's method or its status (HEAD, 204,
   * 304) still declares one: an upstream that sends it anyway leaves it on the connection.
   */
  private static boolean declaresBody(Head response) {
    return response.has("Transfer-Encoding")
        || response.values("Content-Length").stream().anyMatch(v -> !v.equals("0"));
  }

  /** Returns a response head for the client: HTTP/1.1, without hop-by-hop and proxy-auth fields. */
  static Head toClient(Head response) {
    List<String> listed = response.tokens("Connection");
    boolean chunked = response.has("Transfer-Encoding");
    Set<String> drop;
    if (RESPONSE_HOP_BY_HOP.containsAll(listed)) { // the common case: no set built per response
      drop = chunked ? RESPONSE_HOP_BY_HOP_CHUNKED : RESPONSE_HOP_BY_HOP;
    } else {
      drop = new HashSet<>(RESPONSE_HOP_BY_HOP);
      drop.addAll(listed);
      drop.remove("transfer-encoding");
      if (chunked) {
        drop.add("content-length"); // beside chunked it is wrong and could desync the client
      } else {
        drop.remove("content-length");
      }
    }
    String start = response.startLine();
    int space = start.indexOf(' ');
    return response.without(drop).withStartLine("HTTP/1.1" + start.substring(space));
  }

  private AuthExchange newExchange(String method) {
    return session.generation().authenticator().newExchange(
        AuthRequest.forward(proxy.host(), proxy.port(), method, uri));
  }

  private static Head withAuthorization(Head request, Optional<String> authorization) {
    return authorization.isPresent() ? request.with("Proxy-Authorization", authorization.get())
        : request;
  }

  private ProxyAuthException notReplayable() {
    return current.orElseThrow().fail(List.of(), Diagnosis.Reason.PROTOCOL_ERROR,
        "the proxy asked to authenticate again after the request body (over "
            + REPLAY_LIMIT / 1024 + " KiB) was sent, so it cannot be sent again",
        "retry the request; if it keeps happening, the proxy drops authenticated connections"
            + " early", null);
  }
}
