package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;

/**
 * OkHttp with proxyauth's authenticator. Counts come from an OkHttp {@code EventListener} and
 * the authenticator: connections are TCP connections OkHttp opened to the proxy; proxy requests
 * are, for http URLs, every response OkHttp read over a proxy connection, and for https URLs the
 * CONNECTs the proxy answered with 407 plus the tunnels it opened.
 */
final class OkHttpTransfer implements Transfer {
  private final OkHttpClient client;
  private final Counter counter;
  private final ProxyEvents events;

  OkHttpTransfer(ProxyAuthenticator engine, ProxySelector selector, Tls tls, Counter counter,
      Optional<Verbose> verbose) {
    this.counter = counter;
    this.events = new ProxyEvents(verbose);
    OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(engine);
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .proxySelector(selector)
        .proxyAuthenticator(events.watching(auth))
        .addNetworkInterceptor(auth.networkInterceptor())
        .addNetworkInterceptor(events.interceptor())
        .eventListener(events)
        .callTimeout(Duration.ofSeconds(60));
    if (tls.context().isPresent()) {
      builder.sslSocketFactory(tls.context().get().getSocketFactory(), tls.trust().orElseThrow());
    }
    if (tls.insecure()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    this.client = builder.build();
  }

  @Override
  public Response get(URI uri) throws IOException {
    Request request = new Request.Builder().url(uri.toString()).build();
    try (okhttp3.Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      return new Response(response.code(), body == null ? new byte[0] : body.bytes());
    }
  }

  @Override
  public Counts counts() {
    return new Counts(counter.attempts.get(), counter.challenges.get(), events.proxyRequests(),
        Optional.of(events.connections()), counter.scheme());
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
