package io.github.proxyauth.jdkhttp;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.jdkhttp.internal.Lifecycle;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.relay.internal.Relay;
import io.github.proxyauth.relay.internal.RelayAccess;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Returns, from {@link #wrap}, a {@link HttpClient} that gets through authenticating proxies with
 * every scheme of a {@link ProxyAuthenticator} (Negotiate, NTLM, Digest, Basic), on JDK 17 and
 * later, without JVM-wide properties. The JDK client itself only does Basic and cannot keep a
 * connection for NTLM, so this client sends its proxied requests through a {@link ProxyRelay} on
 * 127.0.0.1 that authenticates on its own upstream connections; it adds the relay's secret to every
 * request. Direct requests stay direct, and the secret is only ever sent to the relay.
 *
 * <pre>{@code
 * ProxyAuthenticator auth = ProxyAuthenticator.builder()
 *     .credentials(Credentials.of("CORP\\alice", password)).build();
 * try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(
 *     HttpClient.newBuilder(), auth, ProxySelector.of(new InetSocketAddress("proxy", 3128)))) {
 *   HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
 * }
 * }</pre>
 *
 * <p>When the proxy refuses to authenticate, {@code send} throws (and {@code sendAsync} completes
 * with) a {@link ProxyAuthException} whose {@link ProxyAuthException#diagnosis()} says what was
 * offered, tried and what to fix. A proxy that cannot be reached fails as it does for a bare
 * client, for {@code http} and {@code https} alike: {@link java.net.ConnectException} (refused),
 * {@link java.net.UnknownHostException} (unresolvable) or {@link
 * java.net.http.HttpConnectTimeoutException}, with the relay's explanation as the message. After
 * {@link #close()} (or a shutdown) {@code send} throws an {@link IOException} saying the client is
 * closed. On JDK 17 {@code close()} stops the relay at once, so requests in flight fail with an
 * {@code IOException} saying so; on JDK 21+ it first waits for them, as {@code HttpClient.close()}
 * does. Thread-safe. {@link #close()} (and {@code shutdownNow}, and the client becoming
 * unreachable) stops the relay; on JDK 21+ the lifecycle methods also reach the wrapped client.
 */
public final class ProxyAuthHttpClient extends HttpClient implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create(task -> {
    Thread thread = new Thread(task, "proxyauth-cleaner");
    thread.setDaemon(true);
    return thread;
  });

  private final HttpClient delegate;
  private final Relay relay;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean closed;

  private ProxyAuthHttpClient(HttpClient delegate, Relay relay) {
    this.delegate = delegate;
    this.relay = relay;
    // The relay never refers back here. Unreachable with a request still running (sendAsync keeps
    // this reachable until its future completes, but a streamed body may outlive it): close once
    // the last client connection ends.
    this.cleanable = CLEANER.register(this, relay::closeWhenIdle);
  }

  /**
   * Returns a client built from {@code builder} whose proxies come from
   * {@link ProxySelector#getDefault()}.
   */
  public static ProxyAuthHttpClient wrap(HttpClient.Builder builder,
      ProxyAuthenticator authenticator) {
    return wrap(builder, ProxyRelay.builder(authenticator));
  }

  /**
   * Returns a client built from {@code builder} whose proxies come from {@code upstream}. This
   * replaces any proxy selector set on {@code builder} (the builder is changed).
   */
  public static ProxyAuthHttpClient wrap(HttpClient.Builder builder,
      ProxyAuthenticator authenticator, ProxySelector upstream) {
    return wrap(builder, ProxyRelay.builder(authenticator).upstream(upstream));
  }

  /**
   * Returns a client built from {@code builder} that uses a relay configured by {@code relay}
   * (idle timeout, connection limit, upstream selector). The secret is always required.
   */
  public static ProxyAuthHttpClient wrap(HttpClient.Builder builder, ProxyRelay.Builder relay) {
    Objects.requireNonNull(builder, "builder");
    Relay running = RelayAccess.relayOf(relay.build());
    try {
      return new ProxyAuthHttpClient(builder.proxy(running.selector()).build(), running);
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  /** Returns the relay's selector, which wraps the upstream selector. */
  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  /**
   * Returns the response to {@code request}, sent with the relay's secret.
   *
   * @throws ProxyAuthException when the upstream proxy could not be authenticated to
   */
  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (closed) {
      throw new IOException(Failures.CLOSED);
    }
    try {
      return Failures.check(relay, request, delegate.send(withSecret(request), handler));
    } catch (IOException e) {
      throw Failures.translate(relay, request, e, closed);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Returns the response future; it fails with {@link ProxyAuthException} as {@code send} throws. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException(Failures.CLOSED));
    }
    return reachableUntilDone(Failures.checkAsync(relay, request,
        delegate.sendAsync(withSecret(request), handler), () -> closed));
  }

  /** Returns the response future, as {@link #sendAsync(HttpRequest, HttpResponse.BodyHandler)}. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException(Failures.CLOSED));
    }
    return reachableUntilDone(Failures.checkAsync(relay, request,
        delegate.sendAsync(withSecret(request), handler, push), () -> closed));
  }

  /** Keeps this client (and so its relay) reachable until {@code future} completes. */
  private <T> CompletableFuture<T> reachableUntilDone(CompletableFuture<T> future) {
    future.whenComplete((result, failure) -> Reference.reachabilityFence(this));
    return future;
  }

  /** Returns a WebSocket builder whose opening handshake carries the relay's secret. */
  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder().header(ProxyRelay.SECRET_HEADER, relay.token());
  }

  /** Starts an orderly shutdown (JDK 21+: of the wrapped client too); the relay stops accepting. */
  public void shutdown() {
    closed = true;
    Lifecycle.shutdown(delegate);
    relay.stopAccepting();
  }

  /**
   * Returns whether the client terminated within {@code duration}; then the relay is closed too.
   * Before JDK 21 the wrapped client has nothing to wait for, so this closes the relay at once.
   */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    boolean terminated = Lifecycle.awaitTermination(delegate, duration);
    if (terminated) {
      closeRelay();
    }
    return terminated;
  }

  /** Returns whether the wrapped client (JDK 21+) and the relay have both stopped. */
  public boolean isTerminated() {
    return Lifecycle.isTerminated(delegate) && relay.isClosed();
  }

  /** Stops at once: the wrapped client (JDK 21+) and the relay with all its connections. */
  public void shutdownNow() {
    closed = true;
    Lifecycle.shutdownNow(delegate);
    closeRelay();
  }

  /**
   * Closes the wrapped client (JDK 21+: waits for its requests to finish), then the relay: its
   * listeners, connections and threads.
   */
  @Override
  public void close() {
    closed = true;
    try {
      Lifecycle.close(delegate);
    } finally {
      closeRelay();
    }
  }

  /** Closes the relay now, idle or not, and takes it off the cleaner's list. */
  private void closeRelay() {
    cleanable.clean();
    relay.close();
  }

  @Override
  public String toString() {
    return "ProxyAuthHttpClient[" + delegate + "]";
  }

  private HttpRequest withSecret(HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(
        ProxyRelay.SECRET_HEADER)).header(ProxyRelay.SECRET_HEADER, relay.token()).build();
  }
}
