package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.util.Optional;
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
 *   <li>the first request on a new tunnel tells the CONNECT's exchange that it succeeded, and a
 *       forwarded request's non-407 answer tells its exchange: this fills the auth cache.
 * </ul>
 *
 * Thread-safe.
 */
public final class ProxyAuthInterceptor implements Interceptor {
  private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

  private final ProxyAuthenticator engine;
  private final PendingTunnel tunnels;
  private final AuthenticatedConnections authenticated = new AuthenticatedConnections();

  public ProxyAuthInterceptor(ProxyAuthenticator engine, PendingTunnel tunnels) {
    this.engine = engine;
    this.tunnels = tunnels;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    if (connection == null) {
      throw new IllegalStateException("the proxyauth interceptor must be installed with"
          + " addNetworkInterceptor, not addInterceptor: it needs the connection");
    }
    tunnels.established(connection);
    Route route = connection.route();
    Request request = chain.request();
    if (AuthRequests.bypassesProxy(route, request)) {
      return chain.proceed(withoutCredentials(request));
    }
    Request outgoing = scoped(request, route, connection);
    Response response = chain.proceed(outgoing);
    if (response.code() == 407) {
      authenticated.challenged(connection);
    } else {
      succeeded(outgoing, response, connection);
    }
    return response;
  }

  private Request scoped(Request request, Route route, Connection connection)
      throws ProxyAuthException {
    AuthRequest facts = AuthRequests.forward(route, request);
    Optional<ExchangeTag> tag = ExchangeTag.of(request);
    boolean ours = tag.isPresent() && tag.get().exchange().request().equals(facts);
    if (request.header(PROXY_AUTHORIZATION) != null && (ours || tag.isEmpty())) {
      return request; // our answer for this very request, or the application's own header
    }
    Request clean = withoutCredentials(request);
    if (authenticated.contains(connection)) {
      return clean; // NTLM authenticated this connection: no header needed
    }
    AuthExchange exchange = engine.newExchange(facts);
    exchange.throwIfPaused(); // a paused password is not sent again
    Optional<String> value = exchange.preemptive();
    return value.map(v -> clean.newBuilder().header(PROXY_AUTHORIZATION, v)
        .tag(ExchangeTag.class, new ExchangeTag(exchange)).build()).orElse(clean);
  }

  private void succeeded(Request sent, Response response, Connection connection)
      throws IOException {
    Optional<ExchangeTag> tag = ExchangeTag.of(sent);
    if (tag.isEmpty() || !tag.get().isFor(AuthRequests.proxyOf(connection.route()))) {
      return;
    }
    AuthExchange exchange = tag.get().exchange();
    exchange.succeeded(response.headers("Proxy-Authenticate"));
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
