package io.github.proxyauth.httpclient5;

import static io.github.proxyauth.httpclient5.Fixtures.proxyHost;

import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

/** The classic and the async client, each as a {@link Client}. */
enum Mode {
  CLASSIC {
    @Override
    Client open(ProxyAuthHttpClient5 adapter, TestProxy proxy, int max) {
      PoolingHttpClientConnectionManager pool = Fixtures.classicPool(max);
      CloseableHttpClient client = adapter.install(HttpClients.custom()
          .setConnectionManager(pool).setProxy(proxyHost(proxy))).build();
      return new Client() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public void closeIdleConnections() {
          pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public void close() {
          client.close(CloseMode.GRACEFUL);
        }
      };
    }
  },
  ASYNC {
    @Override
    Client open(ProxyAuthHttpClient5 adapter, TestProxy proxy, int max) {
      PoolingAsyncClientConnectionManager pool = Fixtures.asyncPool(max);
      CloseableHttpAsyncClient client = adapter.install(HttpAsyncClients.custom()
          .setConnectionManager(pool).setProxy(proxyHost(proxy))).build();
      client.start();
      return new Client() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public void closeIdleConnections() throws IOException {
          // the async client gives its connection back just after the response completed
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (pool.getTotalStats().getLeased() > 0) {
            if (System.nanoTime() > deadline) {
              throw new IOException("a connection was not given back in 20 s");
            }
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted");
            }
          }
          pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public void close() {
          client.close(CloseMode.GRACEFUL);
        }
      };
    }
  };

  /** Returns a started client through {@code proxy} with the adapter installed. */
  abstract Client open(ProxyAuthHttpClient5 adapter, TestProxy proxy, int max);

  Client open(ProxyAuthHttpClient5 adapter, TestProxy proxy) {
    return open(adapter, proxy, 8);
  }

  /** One client; closing it closes its connections. */
  interface Client extends AutoCloseable {
    /** Returns "CODE body" of a GET of {@code url}. */
    String get(String url) throws IOException;

    /**
     * Closes the pool's idle connections once every connection is back, so that the next request
     * opens a new one.
     */
    void closeIdleConnections() throws IOException;

    @Override
    void close();
  }
}
