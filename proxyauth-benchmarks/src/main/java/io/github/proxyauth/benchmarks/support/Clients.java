package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.httpclient5.ProxyAuthHttpClient5;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.auth.DigestSchemeFactory;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

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

  /** Returns an Apache HttpClient 5 classic client through {@code proxy} authenticating with proxyauth. */
  public static CloseableHttpClient httpclient5(ProxyHandle proxy, ProxyAuthenticator engine) {
    return ProxyAuthHttpClient5.configure(HttpClients.custom(), engine,
        new HttpHost(proxy.proxy().getHostString(), proxy.proxy().getPort())).build();
  }

  /**
   * Returns an Apache HttpClient 5 classic client through {@code proxy} with its own Basic, Digest
   * and (deprecated) NTLM schemes and {@link Fixtures#credentials()} in the credential type
   * {@code scheme} takes; use it with one context.
   */
  @SuppressWarnings("deprecation") // NTLM, deprecated in HttpClient 5.3: the peer being measured
  public static CloseableHttpClient httpclient5Own(ProxyHandle proxy, String scheme) {
    return httpclient5Own(proxy, scheme, Fixtures.USER, Fixtures.PASSWORD, Fixtures.DOMAIN);
  }

  /** Returns HttpClient 5 with its own schemes and the given login (NTLM: in {@code domain}). */
  public static CloseableHttpClient httpclient5Own(ProxyHandle proxy, String scheme, String user,
      String pass, String domain) {
    HttpHost host = new HttpHost(proxy.proxy().getHostString(), proxy.proxy().getPort());
    BasicCredentialsProvider provider = new BasicCredentialsProvider();
    char[] password = pass.toCharArray();
    provider.setCredentials(new org.apache.hc.client5.http.auth.AuthScope(host),
        scheme.equals("ntlm") ? new NTCredentials(user, password, null, domain)
            : new UsernamePasswordCredentials(user, password));
    return HttpClients.custom().setProxy(host).setDefaultCredentialsProvider(provider)
        .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create()
            .register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE)
            .register(StandardAuthScheme.DIGEST, DigestSchemeFactory.INSTANCE)
            .register(StandardAuthScheme.NTLM, NTLMSchemeFactory.INSTANCE).build())
        .setDefaultRequestConfig(RequestConfig.custom().setProxyPreferredAuthSchemes(List.of(
            StandardAuthScheme.NTLM, StandardAuthScheme.DIGEST, StandardAuthScheme.BASIC))
            .build())
        .build();
  }

  /** Returns the body of {@code GET uri} through HttpClient 5; throws unless the status is 200. */
  public static String get(CloseableHttpClient client, HttpClientContext context, URI uri)
      throws IOException {
    return client.execute(new HttpGet(uri), context, r -> {
      String body = EntityUtils.toString(r.getEntity());
      if (r.getCode() != 200) {
        throw new IOException("Expected 200 but got " + r.getCode() + " for " + uri);
      }
      return body;
    });
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
