package io.github.proxyauth.it.squid;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.httpclient5.ProxyAuthHttpClient5;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
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
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 clients through one Squid port: with the proxyauth adapter (classic and
 * async), and with HttpClient's own deprecated schemes as the reference.
 */
final class HttpClient5Clients {
  private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

  private HttpClient5Clients() {}

  static Adapter.Client classic(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
    return classic(ProxyAuthHttpClient5.configure(classicBuilder(lab), engine, proxy(lab, port))
        .build());
  }

  static Adapter.Client async(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
    // One connection, as the classic client uses sequentially: the async client releases a
    // connection just after the response completes, and the next request waits for it.
    CloseableHttpAsyncClient client = ProxyAuthHttpClient5.configure(HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setTlsStrategy(new DefaultClientTlsStrategy(trust(lab)))
            .setDefaultConnectionConfig(connectionConfig()).setMaxConnPerRoute(1).build()),
        engine, proxy(lab, port)).build();
    client.start();
    return new Adapter.Client() {
      @Override
      public Adapter.Page get(String url) throws IOException {
        return get(SimpleRequestBuilder.get(url), url);
      }

      @Override
      public Adapter.Page getClosing(String url) throws IOException {
        return get(SimpleRequestBuilder.get(url).setHeader(HttpHeaders.CONNECTION,
            HeaderElements.CLOSE), url);
      }

      private Adapter.Page get(SimpleRequestBuilder request, String url) throws IOException {
        try {
          SimpleHttpResponse response = client.execute(request.build(), null)
              .get(60, TimeUnit.SECONDS);
          return new Adapter.Page(response.getCode(), response.getBodyText());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException ? (IOException) e.getCause()
              : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while fetching " + url);
        } catch (TimeoutException e) {
          throw new IOException("no answer in 60 s from " + url, e);
        }
      }

      @Override
      public void close() {
        client.close(CloseMode.GRACEFUL);
      }
    };
  }

  /** Returns a classic client through {@code port} as {@code builder} makes it. */
  static Adapter.Client classic(CloseableHttpClient client) {
    return new Adapter.Client() {
      @Override
      public Adapter.Page get(String url) throws IOException {
        return get(new HttpGet(url));
      }

      @Override
      public Adapter.Page getClosing(String url) throws IOException {
        HttpGet get = new HttpGet(url);
        get.setHeader(HttpHeaders.CONNECTION, HeaderElements.CLOSE);
        return get(get);
      }

      private Adapter.Page get(HttpGet get) throws IOException {
        return client.execute(get, response -> new Adapter.Page(response.getCode(),
            EntityUtils.toString(response.getEntity())));
      }

      @Override
      public void close() {
        client.close(CloseMode.GRACEFUL);
      }
    };
  }

  /** Returns a classic builder trusting the lab's origin, bounded in time, one connection. */
  static HttpClientBuilder classicBuilder(SquidLab lab) {
    return HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder
        .create().setTlsSocketStrategy(new DefaultClientTlsStrategy(trust(lab)))
        .setDefaultConnectionConfig(connectionConfig()).build());
  }

  static HttpHost proxy(SquidLab lab, SquidPort port) {
    return new HttpHost("http", "127.0.0.1", lab.port(port));
  }

  private static ConnectionConfig connectionConfig() {
    return ConnectionConfig.custom().setConnectTimeout(TIMEOUT).setSocketTimeout(TIMEOUT).build();
  }

  private static SSLContext trust(SquidLab lab) {
    return lab.origins().clientTrust().sslContext();
  }
}
