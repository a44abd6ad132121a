package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Returns an OkHttp client holding {@code n} idle, authenticated connections to a proxy: n
 * requests are held open at once (so each needs its own connection) and then released.
 */
final class IdleConnections implements AutoCloseable {
  private final OkHttpClient client;

  private IdleConnections(OkHttpClient client) {
    this.client = client;
  }

  static IdleConnections open(ProxyHandle proxy, ProxyAuthenticator engine, int n)
      throws IOException {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(n);
    dispatcher.setMaxRequestsPerHost(n);
    OkHttpClient client = Clients.okhttp(proxy, engine).newBuilder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(n, 10, TimeUnit.MINUTES)).build();
    Request request = new Request.Builder().url(Clients.small(proxy).toString()).build();
    List<Response> open = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        open.add(client.newCall(request).execute()); // body unread: the connection stays busy
      }
    } finally {
      for (Response r : open) {
        r.body().string();
        r.close();
      }
    }
    if (client.connectionPool().idleConnectionCount() != n) {
      throw new IOException("Expected " + n + " idle connections but the pool holds "
          + client.connectionPool().idleConnectionCount());
    }
    return new IdleConnections(client);
  }

  @Override
  public void close() {
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
  }
}
