package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One HTTP client (OkHttp or java.net.http) set up with proxyauth, counting what it sees. Not
 * thread-safe: one request at a time.
 */
interface Transfer extends AutoCloseable {

  /** One response: status and body. */
  record Response(int status, byte[] body) {}

  /**
   * What the client saw of the proxy.
   *
   * @param attempts {@code Proxy-Authorization} values the engine produced
   * @param challenges 407 answers the engine handled
   * @param proxyRequests requests sent to the proxy (CONNECTs and forwarded requests)
   * @param proxyConnections TCP connections to the proxy; empty when the client cannot see them
   * @param scheme the scheme that authenticated last; empty when none was needed
   */
  record Counts(int attempts, int challenges, int proxyRequests,
      Optional<Integer> proxyConnections, Optional<String> scheme) {}

  /** Returns the response to a GET of {@code uri}. */
  Response get(URI uri) throws IOException, InterruptedException;

  Counts counts();

  @Override
  void close();

  /** The handshake bound when none is given: the adapters' default. */
  Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  /** What a request may take beyond its proxy handshake before the client gives up. */
  Duration TRANSFER_TIME = Duration.ofSeconds(30);

  /**
   * Returns a client of kind {@code client} ("okhttp" or "jdk"); {@code proxyTls} is the jdk
   * relay's trust for https proxies (OkHttp refuses them); a proxy handshake that outlasts
   * {@code handshakeTimeout} fails with a {@code PROXY_TIMEOUT} diagnosis.
   */
  static Transfer open(String client, ProxyAuthenticator engine, ProxySelector selector, Tls tls,
      Optional<SSLContext> proxyTls, Optional<Verbose> verbose, Duration handshakeTimeout) {
    Counter counter = new Counter();
    ProxyAuthenticator listening = engine.newBuilder().listener(verbose.isEmpty() ? counter
        : event -> {
          counter.onEvent(event);
          verbose.get().onEvent(event);
        }).build();
    return client.equals("jdk") ? new JdkTransfer(listening, selector, tls, proxyTls, counter,
        handshakeTimeout)
        : new OkHttpTransfer(listening, selector, tls, counter, verbose, handshakeTimeout);
  }
}
