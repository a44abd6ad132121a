package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.impl.DefaultClientConnectionReuseStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * The proxy authentication of one HttpClient execution (one {@link HttpClientContext}): the
 * engine's {@link AuthExchange} for the request being authenticated, the route of the current
 * hop (a redirect starts a new one), whether that hop's tunnel stands, the proxy's last
 * {@code 407} and the answer waiting to be sent. HttpClient's own {@code AuthExchange} only
 * decides when to ask; every decision is the engine's.
 *
 * <p>Guarded by its monitor: the async client calls it from its I/O threads, one at a time.
 */
public final class Handshake {
  private static final String ATTRIBUTE = "io.github.proxyauth.httpclient5.handshake";

  private final ProxyAuthenticator engine;
  private final PreemptiveHints hints;
  private final BoundConnections bound;
  private final boolean classic;
  private @Nullable HttpRoute route;
  private @Nullable HttpRequest hopRequest;
  private boolean tunnelUp;
  private @Nullable AuthExchange exchange;
  private @Nullable HttpRequest lastRequest;
  private @Nullable HttpResponse lastResponse;
  private @Nullable HttpResponse answered;
  private @Nullable String pending;
  private @Nullable ProxyAuthException failure;
  private boolean awaiting;

  private Handshake(ProxyAuthenticator engine, PreemptiveHints hints, BoundConnections bound,
      boolean classic) {
    this.engine = engine;
    this.hints = hints;
    this.bound = bound;
    this.classic = classic;
  }

  /** Returns the handshake of a new execution in {@code context}, with the auth cache hooked. */
  static Handshake start(HttpClientContext context, ProxyAuthenticator engine,
      PreemptiveHints hints, BoundConnections bound, boolean classic) {
    Handshake handshake = new Handshake(engine, hints, bound, classic);
    context.setAttribute(ATTRIBUTE, handshake);
    AuthCache cache = context.getAuthCache();
    context.setAuthCache(new EngineAuthCache(cache instanceof EngineAuthCache
        ? ((EngineAuthCache) cache).delegate() : cache, handshake));
    return handshake;
  }

  /** Returns the handshake of the execution running in {@code context}, if proxyauth runs it. */
  static Optional<Handshake> find(HttpContext context) {
    Object value = context.getAttribute(ATTRIBUTE);
    return value instanceof Handshake ? Optional.of((Handshake) value) : Optional.empty();
  }

  /** Records the route and request of a new hop (the first, or one after a redirect). */
  synchronized void startHop(HttpRoute hopRoute, HttpRequest request) {
    route = hopRoute;
    hopRequest = request;
    tunnelUp = false;
    answered = null;
    pending = null;
  }

  /**
   * Returns whether {@code request}, about to be written, may carry proxy credentials: only a
   * CONNECT or a request forwarded by the proxy. A request inside a tunnel also tells that the
   * tunnel stands, which completes the CONNECT's handshake.
   */
  synchronized boolean mayCarryCredentials(HttpRequest request) throws ProxyAuthException {
    if (Facts.isConnect(request)) {
      return true;
    }
    if (route != null && route.isTunnelled() && !tunnelUp) {
      tunnelUp = true;
      // the async client reports nothing else after a 200 to CONNECT
      succeeded(List.of(), List.of(), null);
    }
    return forwarded();
  }

  /**
   * Returns the {@code Proxy-Authorization} value to add to {@code request}, a forwarded request
   * about to be written on {@code connection} without one, when the proxy's scheme is
   * connection-bound: a preemptive answer on a connection it has not authenticated (a Negotiate
   * token, an NTLM Type 1), nothing on one it has. HttpClient's auth cache cannot tell the two
   * apart: it is asked before the connection is leased.
   */
  synchronized Optional<String> onWire(HttpRequest request, @Nullable Object connection) {
    HttpRoute r = route;
    if (r == null || connection == null || !forwarded() || Facts.isConnect(request)
        || request.containsHeader(Facts.PROXY_AUTHORIZATION)) {
      return Optional.empty(); // not to the proxy, the auth cache answered, or an answer to a 407
    }
    AuthRequest facts = Facts.forward(r.getProxyHost(), r.getTargetHost(), request);
    if (bound.contains(connection)) {
      // no header needed; a 407 tells the engine the proxy wants a token per request (Negotiate)
      AuthExchange relying = newExchange(facts);
      relying.reliesOnConnection();
      exchange = relying;
      awaiting = false;
      return Optional.empty();
    }
    if (!hints.connectionBound(facts.proxy()).orElse(false)) {
      return Optional.empty(); // nothing worked with this proxy yet, or the auth cache answers
    }
    AuthExchange fresh = newExchange(facts);
    Optional<String> preemptive = fresh.preemptive();
    if (preemptive.isEmpty()) {
      hints.forget(facts.proxy());
      return Optional.empty();
    }
    exchange = fresh;
    awaiting = true;
    return preemptive;
  }

  /**
   * Records a response of the proxy on {@code connection}: a 407 to answer, or the success of the
   * last answer.
   */
  synchronized void onResponse(HttpRequest request, HttpResponse response,
      @Nullable Object connection) throws ProxyAuthException {
    boolean connect = Facts.isConnect(request);
    if (!connect && !forwarded()) {
      return; // from the origin, inside a tunnel or on a direct route
    }
    if (response.getCode() == 407) {
      lastRequest = request;
      lastResponse = response;
      if (!connect && connection != null) {
        bound.challenged(connection);
      }
    } else if (!connect || response.getCode() / 100 == 2) {
      succeeded(Facts.challenges(response), Facts.values(response, "Proxy-Authentication-Info"),
          connect ? null : connection);
    }
  }

  /**
   * Answers the proxy's last 407 with the engine, once per 407, and returns the scheme it chose;
   * empty when the 407 is not the proxy's (no proxy, or it came through a tunnel) or the engine
   * gave up (then {@link #failureFor} holds its diagnosis).
   */
  synchronized Optional<String> onChallenge(HttpContext context) {
    HttpRoute r = route;
    if (r == null || r.getProxyHost() == null || tunnelUp) {
      return Optional.empty();
    }
    HttpRequest request = classic || !r.isTunnelled() ? lastRequest : connectRequest(r);
    HttpResponse response = classic || !r.isTunnelled() ? lastResponse
        : HttpClientContext.cast(context).getResponse();
    if (request == null || response == null || response.getCode() != 407) {
      return Optional.empty();
    }
    if (response != answered) {
      answered = response;
      respond(r, request, response, context);
    }
    AuthExchange current = exchange;
    return pending == null || current == null ? Optional.empty() : current.scheme();
  }

  /** Returns true while an answer to the last 407 waits to be sent. */
  synchronized boolean hasAnswer() {
    return pending != null;
  }

  /** Returns true when the scheme in use authenticates the connection (NTLM). */
  synchronized boolean connectionBound() {
    return exchange != null && exchange.connectionBound();
  }

  /** Returns the scheme in use, if any. */
  synchronized Optional<String> scheme() {
    return exchange == null ? Optional.empty() : exchange.scheme();
  }

  /**
   * Returns the {@code Proxy-Authorization} value for {@code request}: the answer to the last 407,
   * or else a preemptive one from the engine's auth cache.
   *
   * @throws AuthenticationException when there is neither (HttpClient then sends no header)
   */
  synchronized String answer(HttpRequest request) throws AuthenticationException {
    String value = pending;
    if (value != null) {
      pending = null;
      return value;
    }
    HttpRoute r = route;
    if (r == null || r.getProxyHost() == null) {
      throw new AuthenticationException("proxyauth: this route has no proxy");
    }
    AuthRequest facts = Facts.isConnect(request) ? Facts.connect(r.getProxyHost(),
        r.getTargetHost()) : Facts.forward(r.getProxyHost(), r.getTargetHost(), request);
    AuthExchange fresh = newExchange(facts);
    Optional<String> preemptive = fresh.preemptive();
    if (preemptive.isEmpty()) {
      hints.forget(facts.proxy());
      throw new AuthenticationException("proxyauth has no preemptive answer for "
          + facts.proxy() + "; the proxy's challenge will be answered");
    }
    exchange = fresh;
    awaiting = true;
    return preemptive.get();
  }

  /** Returns true when HttpClient's auth cache lookup for {@code host} should answer ahead. */
  synchronized boolean answersPreemptively(HttpHost host) {
    HttpRoute r = route;
    if (r == null || r.getProxyHost() == null || !r.getProxyHost().equals(host)) {
      return false;
    }
    Optional<Boolean> connectionBound = hints.connectionBound(Facts.proxyName(host));
    // A forwarded request of a connection-bound scheme is answered at the wire (onWire), where
    // the connection is known: nothing on one it authenticated (an NTLM Type 1 there would cost
    // two more legs), a preemptive answer on a new one.
    return connectionBound.isPresent() && (r.isTunnelled() || !connectionBound.get());
  }

  /**
   * Returns the failure to throw instead of {@code response}, a final 407 from the proxy that
   * HttpClient gives back: the engine's diagnosis, or one for a 407 the engine never saw.
   */
  synchronized Optional<ProxyAuthException> failureFor(HttpResponse response) {
    HttpRoute r = route;
    if (response.getCode() != 407 || r == null || r.getProxyHost() == null || tunnelUp) {
      return Optional.empty();
    }
    if (failure != null) {
      return Optional.of(failure);
    }
    HttpRequest request = hopRequest != null ? hopRequest : connectRequest(r);
    AuthRequest facts = r.isTunnelled() ? Facts.connect(r.getProxyHost(), r.getTargetHost())
        : Facts.forward(r.getProxyHost(), r.getTargetHost(), request);
    return Optional.of(Unanswered.diagnose(engine, facts, response));
  }

  private void respond(HttpRoute r, HttpRequest request, HttpResponse response,
      HttpContext context) {
    AuthRequest facts = r.isTunnelled() ? Facts.connect(r.getProxyHost(), r.getTargetHost())
        : Facts.forward(r.getProxyHost(), r.getTargetHost(), request);
    AuthExchange current = exchange != null && exchange.request().equals(facts) ? exchange
        : newExchange(facts);
    exchange = current;
    if (!DefaultClientConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context)) {
      current.connectionClosed(); // HttpClient sends the next leg on a new connection
    }
    try {
      pending = current.respond(Facts.challenges(response));
      awaiting = true;
    } catch (ProxyAuthException e) {
      pending = null;
      awaiting = false;
      failure = e;
    }
  }

  /**
   * Reports the success of the answer in flight; {@code connection}, when a forwarded request's
   * connection, is then authenticated if the scheme is connection-bound.
   */
  private void succeeded(List<String> proxyAuthenticate, List<String> info,
      @Nullable Object connection) throws ProxyAuthException {
    AuthExchange current = exchange;
    if (!awaiting || current == null) {
      return;
    }
    awaiting = false;
    try {
      current.succeeded(proxyAuthenticate, info);
      hints.succeeded(current);
    } catch (ProxyAuthException e) {
      failure = e;
      throw e;
    }
    if (connection != null && current.scheme().isPresent()) {
      bound.succeeded(connection, current.connectionBound());
    }
  }

  /** Returns a new engine exchange; the async client's I/O threads never wait in one. */
  private AuthExchange newExchange(AuthRequest facts) {
    return classic ? engine.newExchange(facts) : engine.newExchange(facts).nonBlocking();
  }

  private boolean forwarded() {
    return route != null && route.getProxyHost() != null && !route.isTunnelled();
  }

  private static HttpRequest connectRequest(HttpRoute r) {
    return new BasicHttpRequest(Method.CONNECT, r.getTargetHost(),
        r.getTargetHost().toHostString());
  }
}
