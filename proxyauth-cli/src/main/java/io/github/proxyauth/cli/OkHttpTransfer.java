package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp with proxyauth's authenticator. Counts come from an OkHttp {@code EventListener} and
 * the authenticator: connections are TCP connections OkHttp opened to the proxy; proxy requests
 * are, for http URLs, every response OkHttp read over a proxy connection, and for https URLs the
 * CONNECTs the proxy answered with 407 plus the tunnels it opened.
 *
 * <p>With default TLS settings, http URLs go through a cleartext-only client that loads no TLS
 * classes (a faster cold start); the TLS client is built on the first https URL or on a redirect
 * to one, which it then follows.
 */
final class OkHttpTransfer implements Transfer {
  private final OkHttpClient.Builder builder;
  private final boolean defaultTls;
  private @Nullable OkHttpClient client;
  private @Nullable OkHttpClient cleartext;
  private final Counter counter;
  private final ProxyEvents events;

  OkHttpTransfer(ProxyAuthenticator engine, ProxySelector selector, Tls tls, Counter counter,
      Optional<Verbose> verbose, Duration handshakeTimeout) {
    this.counter = counter;
    this.events = new ProxyEvents(verbose);
    OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(engine)
        .withHandshakeTimeout(handshakeTimeout);
    // install: the handshake deadline and the typed diagnoses of broken handshakes; then the
    // authenticator is wrapped to count the legs it answers.
    OkHttpClient.Builder builder = auth.install(new OkHttpClient.Builder(), selector)
        .proxyAuthenticator(events.watching(auth))
        .addNetworkInterceptor(events.interceptor())
        .eventListener(events)
        .callTimeout(handshakeTimeout.plus(Transfer.TRANSFER_TIME));
    if (tls.context().isPresent()) {
      builder.sslSocketFactory(tls.context().get().getSocketFactory(), tls.trust().orElseThrow());
    }
    if (tls.insecure()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    this.builder = builder;
    this.defaultTls = tls.context().isEmpty();
  }

  @Override
  public Response get(URI uri) throws IOException {
    if (!defaultTls || "https".equalsIgnoreCase(uri.getScheme())) {
      return get(tlsClient(), uri.toString());
    }
    if (cleartext == null) {
      // Built from the shared builder before any TLS client: OkHttp skips TLS set-up when no
      // connection spec needs it. The builder goes back to OkHttp's defaults afterwards.
      cleartext = builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
          .followSslRedirects(false).build();
      builder.connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
          .followSslRedirects(true);
    }
    Request request = new Request.Builder().url(uri.toString()).build();
    try (okhttp3.Response response = cleartext.newCall(request).execute()) {
      HttpUrl next = response.isRedirect() && response.header("Location") != null
          ? response.request().url().resolve(response.header("Location")) : null;
      return next != null && next.isHttps() ? get(tlsClient(), next.toString()) : read(response);
    }
  }

  private OkHttpClient tlsClient() {
    if (client == null) {
      client = builder.build();
    }
    return client;
  }

  private static Response get(OkHttpClient client, String url) throws IOException {
    Request request = new Request.Builder().url(url).build();
    try (okhttp3.Response response = client.newCall(request).execute()) {
      return read(response);
    }
  }

  private static Response read(okhttp3.Response response) throws IOException {
    ResponseBody body = response.body();
    return new Response(response.code(), body == null ? new byte[0] : body.bytes());
  }

  @Override
  public Counts counts() {
    return new Counts(counter.attempts.get(), counter.challenges.get(), events.proxyRequests(),
        Optional.of(events.connections()), counter.scheme());
  }

  @Override
  public void close() {
    for (OkHttpClient c : new OkHttpClient[] {client, cleartext}) {
      if (c != null) {
        c.dispatcher().executorService().shutdown();
        c.connectionPool().evictAll();
      }
    }
  }
}
