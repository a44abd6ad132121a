package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.jspecify.annotations.Nullable;

/** The async client's three exec chain elements and its request interceptor. Thread-safe. */
final class AsyncChain {
  private AsyncChain() {}

  /**
   * First in the chain: as {@link ClassicChain#gate}. A final 407 from the proxy is swallowed
   * (its body discarded) and the call fails with the diagnosis when the exchange completes: an
   * exception thrown into the transport would reach the retry element, which retries it.
   */
  static AsyncExecChainHandler gate(ProxyAuthenticator engine, PreemptiveHints hints,
      BoundConnections bound) {
    return (request, entityProducer, scope, chain, callback) -> {
      Handshake handshake = Handshake.start(scope.clientContext, engine, hints, bound, false);
      boolean enabled = scope.clientContext.getRequestConfigOrDefault()
          .isAuthenticationEnabled();
      AtomicReference<@Nullable ProxyAuthException> failed = new AtomicReference<>();
      chain.proceed(request, entityProducer, scope, new Relay(callback) {
        @Override
        public @Nullable AsyncDataConsumer handleResponse(HttpResponse response,
            @Nullable EntityDetails entityDetails) throws HttpException, IOException {
          Optional<ProxyAuthException> failure = enabled ? handshake.failureFor(response)
              : Optional.empty();
          if (failure.isPresent()) {
            failed.set(failure.get());
            return new Discard();
          }
          return super.handleResponse(response, entityDetails);
        }

        @Override
        public void completed() {
          ProxyAuthException failure = failed.get();
          if (failure != null) {
            super.failed(failure);
          } else {
            super.completed();
          }
        }
      });
    };
  }

  /**
   * Just above the protocol element, so before anything connects: refuses a tunnel through an
   * https proxy (see {@link #tunnelThroughTlsProxy}) and tells the handshake the route and
   * request of each hop (the first, and each redirect's).
   */
  static AsyncExecChainHandler hop() {
    return (request, entityProducer, scope, chain, callback) -> {
      Optional<IllegalStateException> refused = tunnelThroughTlsProxy(scope.route);
      if (refused.isPresent()) {
        callback.failed(refused.get());
        return;
      }
      Handshake.find(scope.clientContext).ifPresent(h -> h.startHop(scope.route, request));
      chain.proceed(request, entityProducer, scope, callback);
    };
  }

  /**
   * Just above the transport: entering it on a tunnelled route means the tunnel stands; strips
   * {@code Proxy-Authorization} from requests that do not go to the proxy; records a forwarded
   * request's 407 and reports its other answers as success.
   */
  static AsyncExecChainHandler wire() {
    return (request, entityProducer, scope, chain, callback) -> {
      Optional<Handshake> found = Handshake.find(scope.clientContext);
      if (found.isEmpty()) {
        chain.proceed(request, entityProducer, scope, callback);
        return;
      }
      Handshake handshake = found.get();
      if (!handshake.mayCarryCredentials(request)) {
        request.removeHeaders(Facts.PROXY_AUTHORIZATION);
        chain.proceed(request, entityProducer, scope, callback);
        return;
      }
      chain.proceed(request, entityProducer, scope, new Relay(callback) {
        @Override
        public @Nullable AsyncDataConsumer handleResponse(HttpResponse response,
            @Nullable EntityDetails entityDetails) throws HttpException, IOException {
          handshake.onResponse(request, response, connection(scope.clientContext));
          return super.handleResponse(response, entityDetails);
        }
      });
    };
  }

  /**
   * Runs last among the client's request interceptors, on the I/O thread that writes the request
   * on its connection (the exec chain runs before the connection is known): adds the preemptive
   * answer of a connection-bound scheme to a forwarded request on a connection that it has not
   * authenticated ({@link Handshake#onWire}).
   */
  static HttpRequestInterceptor onConnection() {
    return (request, entityDetails, context) -> Handshake.find(context).ifPresent(h ->
        h.onWire(request, connection(context))
            .ifPresent(value -> request.setHeader(Facts.PROXY_AUTHORIZATION, value)));
  }

  /**
   * Returns the connection that carries the exchange in {@code context}: its endpoint details,
   * one object per connection, which HttpCore puts into the context when it starts the exchange
   * on that connection; null before.
   */
  private static @Nullable Object connection(HttpContext context) {
    return context instanceof HttpCoreContext ? ((HttpCoreContext) context).getEndpointDetails()
        : null;
  }

  /**
   * Returns the refusal of a tunnelled route (an https origin) through an https proxy. The async
   * client opens TLS to an https proxy, but the origin's TLS would have to run inside that TLS
   * session, and HttpCore 5's I/O session holds one TLS layer: its {@code startTls} fails with
   * "TLS already activated" once the tunnel stands. Refused before connecting instead.
   */
  private static Optional<IllegalStateException> tunnelThroughTlsProxy(HttpRoute route) {
    HttpHost proxy = route.getProxyHost();
    if (proxy == null || !route.isTunnelled() || !URIScheme.HTTPS.same(proxy.getSchemeName())) {
      return Optional.empty();
    }
    return Optional.of(new IllegalStateException("HttpClient 5's async client cannot reach "
        + route.getTargetHost().toURI() + " through the https proxy " + proxy.toURI()
        + ": the origin's TLS would run inside the proxy's TLS, and HttpCore 5's async I/O"
        + " session holds one TLS layer ('TLS already activated'). The call was stopped before"
        + " connecting. Through an https proxy the async client reaches http:// origins only;"
        + " for https:// origins use the classic client (ProxyAuthHttpClient5.configure with an"
        + " HttpClientBuilder), or a LocalProxy (proxyauth-relay; 'proxyauth serve') set as"
        + " the async client's plain http://127.0.0.1 proxy."));
  }

  /** Reads and drops the body of a 407 that the gate turns into a failure. */
  private static final class Discard implements AsyncDataConsumer {
    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {
      src.position(src.limit());
    }

    @Override
    public void streamEnd(@Nullable List<? extends Header> trailers) {
      // nothing kept
    }

    @Override
    public void releaseResources() {
      // nothing held
    }
  }

  /** Passes everything on to the callback it wraps. */
  private static class Relay implements AsyncExecCallback {
    private final AsyncExecCallback delegate;

    Relay(AsyncExecCallback delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable AsyncDataConsumer handleResponse(HttpResponse response,
        @Nullable EntityDetails entityDetails) throws HttpException, IOException {
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response)
        throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      delegate.failed(cause);
    }
  }
}
