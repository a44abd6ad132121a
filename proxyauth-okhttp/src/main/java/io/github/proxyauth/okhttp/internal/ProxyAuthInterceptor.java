package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * The network interceptor that keeps proxy credentials in their scope and closes the loop of a
 * handshake. For each request it sees on a connection:
 *
 * <ul>
 *   <li>a request into a tunnel or to an origin directly loses any {@code Proxy-Authorization}
 *       (OkHttp keeps it on redirects, so an http→https redirect would carry it to the origin);
 *   <li>a forwarded request keeps a {@code Proxy-Authorization} only if it was made for this
 *       proxy and this request, else it is replaced by a preemptive answer from the auth cache
 *       (OkHttp has no preemptive hook for forwarded requests, okhttp#9239);
 *   <li>a forwarded request with a large or one-shot body whose credentials are not known to work
 *       goes out as a body-less probe first ({@link Uploads});
 *   <li>the first request on a new tunnel tells the CONNECT's exchange that it succeeded, and a
 *       forwarded request's non-407 answer tells its exchange: this fills the auth cache.
 * </ul>
 *
 * Thread-safe.
 */
public final class ProxyAuthInterceptor implements Interceptor {
  private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

  private final ProxyAuthenticator engine;
  private final PendingTunnels tunnels;
  private final InterceptorCheck check;
  private final HandshakeTrail trail;
  private final AuthenticatedConnections authenticated = new AuthenticatedConnections();
  /** Proxies that let an anonymous probe through: their uploads need no probe. */
  private final Set<String> open = ConcurrentHashMap.newKeySet();

  public ProxyAuthInterceptor(ProxyAuthenticator engine, PendingTunnels tunnels,
      InterceptorCheck check, HandshakeTrail trail) {
    this.engine = engine;
    this.tunnels = tunnels;
    this.check = check;
    this.trail = trail;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    if (connection == null) {
      throw new IllegalStateException("the proxyauth interceptor must be installed with"
          + " addNetworkInterceptor, not addInterceptor: it needs the connection");
    }
    check.ran();
    tunnels.established(connection);
    Route route = connection.route();
    HttpsProxyHops.refuse(route.proxy()); // before a forwarded request is written in clear
    Request request = chain.request();
    if (AuthRequests.bypassesProxy(route, request)) {
      trail.clear(); // a tunnel stands: its handshake is over
      return chain.proceed(withoutCredentials(request));
    }
    Request outgoing = scoped(request, route, connection);
    trail.forwarded(AuthRequests.forward(route, outgoing),
        ExchangeTag.of(outgoing).map(ExchangeTag::exchange));
    if (Uploads.guarded(outgoing) && unverified(outgoing, connection)) {
      return probe(chain, outgoing, route, connection);
    }
    Response response = chain.proceed(trail.clocked(outgoing));
    observe(outgoing, response, connection);
    return response;
  }

  private Request scoped(Request request, Route route, Connection connection) throws IOException {
    AuthRequest facts = AuthRequests.forward(route, request);
    Optional<ExchangeTag> tag = ExchangeTag.of(request);
    boolean ours = tag.isPresent() && tag.get().exchange().request()
        .equals(tag.get().probe() ? Uploads.probeFacts(facts) : facts);
    if (request.header(PROXY_AUTHORIZATION) != null && (ours || tag.isEmpty())) {
      return request; // our answer for this very request, or the application's own header
    }
    Request clean = withoutCredentials(request);
    if (authenticated.contains(connection)) {
      // NTLM or Negotiate authenticated this connection: no header needed. The tagged exchange
      // answers a 407 to it and so learns that this proxy wants a token per request.
      AuthExchange relying = engine.newExchange(facts);
      relying.reliesOnConnection();
      return clean.newBuilder().tag(ExchangeTag.class, new ExchangeTag(relying)).build();
    }
    AuthExchange exchange = engine.newExchange(facts);
    exchange.throwIfPaused(); // a paused password is not sent again
    Optional<String> value = exchange.preemptive();
    if (value.isPresent() && exchange.connectionBound() && Uploads.guarded(clean)) {
      exchange = engine.newExchange(Uploads.probeFacts(facts)); // NTLM Type 1 goes on the probe
      value = exchange.preemptive();
    }
    ExchangeTag made = new ExchangeTag(exchange, !exchange.request().equals(facts));
    return value.map(v -> clean.newBuilder().header(PROXY_AUTHORIZATION, v)
        .tag(ExchangeTag.class, made).build()).orElse(clean);
  }

  /** Returns true unless the request's credentials (or their absence) are known to work. */
  private boolean unverified(Request outgoing, Connection connection) {
    Optional<ExchangeTag> tag = ExchangeTag.of(outgoing);
    if (tag.isPresent()) {
      return tag.get().probe(); // a cached answer that is not connection-bound goes with the body
    }
    if (outgoing.header(PROXY_AUTHORIZATION) != null || authenticated.contains(connection)) {
      return false; // the application's own header, or a connection NTLM authenticated
    }
    return !open.contains(AuthRequests.proxyOf(connection.route()));
  }

  /** Sends the body-less probe for {@code outgoing}; see {@link Uploads}. */
  private Response probe(Chain chain, Request outgoing, Route route, Connection connection)
      throws IOException {
    Request probe = Uploads.probe(outgoing);
    Response response = chain.proceed(trail.clocked(probe));
    if (response.code() == 407) {
      authenticated.challenged(connection);
      return response; // the authenticator answers it on the probe's behalf
    }
    observe(probe, response, connection);
    if (probe.header(PROXY_AUTHORIZATION) == null && !authenticated.contains(connection)) {
      open.add(AuthRequests.proxyOf(route));
    }
    response.close();
    return Uploads.passed(probe, response);
  }

  private void observe(Request sent, Response response, Connection connection)
      throws IOException {
    if (response.code() == 407) {
      authenticated.challenged(connection);
    } else {
      trail.clear();
      succeeded(sent, response, connection);
    }
  }

  private void succeeded(Request sent, Response response, Connection connection)
      throws IOException {
    Optional<ExchangeTag> tag = ExchangeTag.of(sent);
    if (tag.isEmpty() || !tag.get().isFor(AuthRequests.proxyOf(connection.route()))) {
      return;
    }
    AuthExchange exchange = tag.get().exchange();
    exchange.succeeded(response.headers("Proxy-Authenticate"),
        response.headers("Proxy-Authentication-Info"));
    if (exchange.scheme().isPresent()) {
      authenticated.succeeded(connection, exchange.connectionBound());
    }
  }

  private static Request withoutCredentials(Request request) {
    if (request.header(PROXY_AUTHORIZATION) == null && request.tag(ExchangeTag.class) == null) {
      return request;
    }
    return request.newBuilder().removeHeader(PROXY_AUTHORIZATION)
        .tag(ExchangeTag.class, null).build();
  }
}
