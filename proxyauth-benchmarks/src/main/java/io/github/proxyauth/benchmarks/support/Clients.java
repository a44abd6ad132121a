package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Returns the engines and warm clients the end-to-end benchmarks and harnesses share. */
public final class Clients {
  private Clients() {}

  /** Returns an engine doing only {@code scheme} (any scheme for {@code none}). */
  public static ProxyAuthenticator engine(String scheme) {
    ProxyAuthenticator.Builder b = ProxyAuthenticator.builder().credentials(Fixtures.credentials());
    return switch (scheme) {
      case "none" -> b.build();
      case "basic" -> b.schemes(AuthScheme.basic()).build();
      case "digest" -> b.schemes(AuthScheme.digest()).build();
      case "ntlm" -> b.schemes(AuthScheme.ntlm()).build();
      case "negotiate" -> b.schemes(SharedKdc.get().negotiate()).build();
      default -> throw new IllegalArgumentException("Expected a scheme of none, basic, digest,"
          + " ntlm, negotiate but got '" + scheme + "'");
    };
  }

  /** Returns an OkHttp client through {@code proxy} authenticating with proxyauth. */
  public static OkHttpClient okhttp(ProxyHandle proxy, ProxyAuthenticator engine) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
        .connectTimeout(Duration.ofSeconds(30));
    return OkHttpProxyAuthenticator.configure(b, engine,
        new java.net.Proxy(java.net.Proxy.Type.HTTP, proxy.proxy())).build();
  }

  /** Returns a JDK client through {@code proxy} via proxyauth's relay. */
  public static ProxyAuthHttpClient jdkhttp(ProxyHandle proxy, ProxyAuthenticator engine) {
    return ProxyAuthHttpClient.wrap(jdkBuilder(), engine, ProxySelector.of(proxy.proxy()));
  }

  /** Returns a plain JDK client through {@code proxy}, no relay (the direct baseline). */
  public static HttpClient jdkDirect(ProxyHandle proxy) {
    return jdkBuilder().proxy(ProxySelector.of(proxy.proxy())).build();
  }

  private static HttpClient.Builder jdkBuilder() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30));
  }

  /** Returns the URL of the small resource behind {@code proxy}. */
  public static URI small(ProxyHandle proxy) {
    return URI.create("http://127.0.0.1:" + proxy.httpOrigin() + "/small");
  }

  /** Returns the body of {@code GET uri} through OkHttp; throws unless the status is 200. */
  public static String get(OkHttpClient client, URI uri) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(uri.toString()).build())
        .execute()) {
      if (r.code() != 200) {
        throw new IOException("Expected 200 but got " + r.code() + " for " + uri);
      }
      return r.body().string();
    }
  }

  /** Returns the body of {@code GET uri} through a JDK client; throws unless the status is 200. */
  public static String get(HttpClient client, URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Expected 200 but got " + r.statusCode() + " for " + uri);
    }
    return r.body();
  }
}
