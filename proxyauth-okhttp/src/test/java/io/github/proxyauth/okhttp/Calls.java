package io.github.proxyauth.okhttp;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Client set-up and call helpers shared by the tests. */
final class Calls {
  private Calls() {}

  /** Returns a client through {@code proxy} configured by the one-call helper. */
  static OkHttpClient client(ProxyAuthenticator engine, Proxy proxy) {
    return bounded(OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine, proxy));
  }

  static OkHttpClient client(ProxyAuthenticator engine, TestProxy proxy) {
    return client(engine, proxy.proxy());
  }

  static OkHttpClient bounded(OkHttpClient.Builder builder) {
    return Tls.trusting(builder).callTimeout(Duration.ofSeconds(30))
        .readTimeout(Duration.ofSeconds(10)).build();
  }

  /** Returns "CODE body" of a GET of {@code url}. */
  static String get(OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  /** Returns the requests the proxy received from index {@code from} on. */
  static List<RecordedRequest> since(TestProxy proxy, int from) {
    List<RecordedRequest> all = proxy.requests();
    return all.subList(from, all.size());
  }
}
