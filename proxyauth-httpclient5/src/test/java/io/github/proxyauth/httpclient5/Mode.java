package io.github.proxyauth.httpclient5;

import static io.github.proxyauth.httpclient5.Fixtures.proxyHost;

import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

/** The classic and the async client, each as a {@link Client}. */
enum Mode {
  CLASSIC {
    @Override
    Client open(ProxyAuthHttpClient5 adapter, TestProxy proxy, int max) {
      CloseableHttpClient client = adapter.install(Fixtures.classic(max)
          .setProxy(proxyHost(proxy))).build();
      return new Client() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public String getClosing(String url) throws IOException {
          return Fixtures.get(client, url, true);
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
      CloseableHttpAsyncClient client = adapter.install(Fixtures.async(max)
          .setProxy(proxyHost(proxy))).build();
      client.start();
      return new Client() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public String getClosing(String url) throws IOException {
          return Fixtures.get(client, url, true);
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
     * Returns "CODE body" of a GET of {@code url} that asks for {@code Connection: close}: the
     * client's next request goes on a new connection.
     */
    String getClosing(String url) throws IOException;

    @Override
    void close();
  }
}
