package io.github.proxyauth.httpclient5;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/** Shared test set-up: TLS, origins, the proxy's address and both kinds of client. */
final class Fixtures {
  static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("proxyauth test CA").build();
  static final HeldCertificate SERVER = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost")
      .signedBy(ROOT).build();
  static final SSLContext CLIENT_TLS = new HandshakeCertificates.Builder()
      .addTrustedCertificate(ROOT.certificate()).build().sslContext();
  static final Timeout TIMEOUT = Timeout.ofSeconds(20);

  private Fixtures() {}

  /** Returns a started origin answering "hello PATH" to every request. */
  static MockWebServer origin(boolean https) throws IOException {
    MockWebServer server = new MockWebServer();
    if (https) {
      server.useHttps(new HandshakeCertificates.Builder().heldCertificate(SERVER).build()
          .sslSocketFactory());
      server.setProtocols(List.of(Protocol.HTTP_1_1));
    }
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return new MockResponse.Builder().body("hello " + request.getUrl().encodedPath()).build();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  /** Returns the URL of {@code path} on the origin, by address (127.0.0.1). */
  static String url(MockWebServer origin, String path) {
    return origin.url(path).toString();
  }

  /**
   * Returns the test proxy as HttpClient should see it: connect to its loopback address, call it
   * "localhost" (the Kerberos service principal is HTTP/localhost).
   */
  static HttpHost proxyHost(TestProxy proxy) {
    return new HttpHost("http", InetAddress.getLoopbackAddress(), "localhost", proxy.port());
  }

  /** Returns a classic builder trusting the test CA, with bounded timeouts and {@code max} connections. */
  static HttpClientBuilder classic(int max) {
    ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(TIMEOUT)
        .setSocketTimeout(TIMEOUT).build();
    return HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
        .create().setTlsSocketStrategy(new DefaultClientTlsStrategy(CLIENT_TLS))
        .setDefaultConnectionConfig(connection).setMaxConnPerRoute(max).setMaxConnTotal(max)
        .build());
  }

  /** Returns an async builder trusting the test CA, with bounded timeouts. */
  static HttpAsyncClientBuilder async(int max) {
    ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(TIMEOUT)
        .setSocketTimeout(TIMEOUT).build();
    return HttpAsyncClients.custom().setConnectionManager(
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setTlsStrategy(new DefaultClientTlsStrategy(CLIENT_TLS))
            .setDefaultConnectionConfig(connection).setMaxConnPerRoute(max).setMaxConnTotal(max)
            .build());
  }

  /** Returns "CODE body" of a GET of {@code url}. */
  static String get(CloseableHttpClient client, String url) throws IOException {
    return get(client, url, false);
  }

  /** Returns "CODE body" of a GET of {@code url}, with {@code Connection: close} if asked. */
  static String get(CloseableHttpClient client, String url, boolean close) throws IOException {
    HttpGet get = new HttpGet(url);
    if (close) {
      get.setHeader(HttpHeaders.CONNECTION, HeaderElements.CLOSE);
    }
    return client.execute(get,
        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
  }

  /** Returns "CODE body" of a GET of {@code url}, unwrapping the future's failure. */
  static String get(CloseableHttpAsyncClient client, String url) throws IOException {
    return get(client, url, false);
  }

  /** Returns "CODE body" of a GET of {@code url}, with {@code Connection: close} if asked. */
  static String get(CloseableHttpAsyncClient client, String url, boolean close)
      throws IOException {
    SimpleRequestBuilder get = SimpleRequestBuilder.get(url);
    if (close) {
      get.setHeader(HttpHeaders.CONNECTION, HeaderElements.CLOSE);
    }
    try {
      SimpleHttpResponse response = client.execute(get.build(), null).get(30, TimeUnit.SECONDS);
      return response.getCode() + " " + response.getBodyText();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (TimeoutException e) {
      throw new IOException("no answer in 30 s from " + url, e);
    }
  }

  /** Returns the requests the proxy received from index {@code from} on. */
  static List<RecordedRequest> since(TestProxy proxy, int from) {
    List<RecordedRequest> all = proxy.requests();
    return all.subList(from, all.size());
  }

  /** Returns the failure, unwrapped to the engine's exception if it is one. */
  static ProxyAuthException proxyAuthFailure(Throwable thrown) {
    Throwable t = thrown;
    while (t != null && !(t instanceof ProxyAuthException)) {
      t = t.getCause();
    }
    return (ProxyAuthException) t;
  }
}
