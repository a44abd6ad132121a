package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.relay.ProxyRelay;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * java.net.http through proxyauth's relay. The relay talks to the proxy on connections of its
 * own, so the counts come from the engine's events: proxy requests are the 407s handled plus the
 * authenticated requests the proxy accepted (requests it let through unchallenged, such as later
 * requests on an NTLM-authenticated connection, are not seen); connections are not visible.
 */
final class JdkTransfer implements Transfer {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Duration requestTimeout;
  private final ProxyAuthHttpClient client;
  private final Counter counter;

  JdkTransfer(ProxyAuthenticator engine, ProxySelector selector, Tls tls,
      Optional<SSLContext> proxyTls, Counter counter, Duration handshakeTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1);
    tls.context().ifPresent(builder::sslContext);
    ProxyRelay.Builder relay = ProxyRelay.builder(engine).upstream(selector)
        .proxyTlsRemedy(ProxyCa.REMEDY).handshakeTimeout(handshakeTimeout);
    proxyTls.ifPresent(relay::proxyTls);
    this.client = ProxyAuthHttpClient.wrap(builder, relay);
    this.counter = counter;
    this.requestTimeout = handshakeTimeout.plus(TRANSFER_TIME);
  }

  @Override
  public Response get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    Optional<String> relayError = response.headers().firstValue("Proxy-Relay-Error");
    if (response.statusCode() == 502 && relayError.isPresent()
        && relayError.get().startsWith("Could not connect to the proxy")) {
      throw new ConnectException(relayError.get());
    }
    return new Response(response.statusCode(), response.body());
  }

  @Override
  public Counts counts() {
    return new Counts(counter.attempts.get(), counter.challenges.get(),
        counter.challenges.get() + counter.successes.get(), Optional.empty(), counter.scheme());
  }

  @Override
  public void close() {
    client.close();
  }
}
