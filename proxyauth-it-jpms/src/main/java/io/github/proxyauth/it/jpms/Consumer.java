package io.github.proxyauth.it.jpms;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches one URL through an authenticating proxy with OkHttp and with {@code java.net.http},
 * printing one line per client and what the module system says about proxyauth's packages.
 * Arguments: proxy port on 127.0.0.1, user, URL; the password comes from
 * {@code PROXYAUTH_PASSWORD}. Exit status 0 when both fetches got a 200.
 */
public final class Consumer {
  private Consumer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Credentials credentials = Credentials.of(args[1],
        System.getenv("PROXYAUTH_PASSWORD").toCharArray());
    URI url = URI.create(args[2]);
    ProxyAuthenticator engine = ProxyAuthenticator.builder().credentials(credentials).build();
    modules();
    int okhttp = okhttp(engine, port, url);
    int jdk = jdk(engine, port, url);
    System.exit(okhttp == 200 && jdk == 200 ? 0 : 1);
  }

  private static void modules() {
    Module core = ProxyAuthenticator.class.getModule();
    System.out.println("module " + core.getName() + " named=" + core.isNamed());
    for (String pkg : core.getPackages().stream().sorted().toList()) {
      System.out.println("package " + pkg + " exported=" + core.isExported(pkg));
    }
  }

  private static int okhttp(ProxyAuthenticator engine, int port, URI url) throws IOException {
    OkHttpClient client = OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine,
        new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)))
        .callTimeout(Duration.ofSeconds(20)).build();
    try (Response response = client.newCall(new Request.Builder().url(url.toString()).build())
        .execute()) {
      System.out.println("okhttp " + response.code() + " " + response.body().string());
      return response.code();
    } catch (ProxyAuthException e) {
      System.out.println("okhttp failed " + e.getMessage());
      return -1;
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static int jdk(ProxyAuthenticator engine, int port, URI url) throws Exception {
    try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(20)), engine,
        ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))) {
      var response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
          .build(), BodyHandlers.ofString());
      System.out.println("java.net.http " + response.statusCode() + " " + response.body());
      return response.statusCode();
    } catch (ProxyAuthException e) {
      System.out.println("java.net.http failed " + e.getMessage());
      return -1;
    }
  }
}
