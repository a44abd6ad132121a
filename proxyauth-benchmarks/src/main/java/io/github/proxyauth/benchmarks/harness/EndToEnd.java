package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.Origins;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.io.CloseMode;

/**
 * End to end, one small forwarded GET per operation with a warm client, every scheme of one client
 * interleaved with the same client against the proxy without authentication ({@code none}), so the
 * ratio to {@code none} is measured in the same seconds. Keys {@code <prefix>.<client>.<scheme>}.
 */
final class EndToEnd {
  static final List<String> CLIENTS = List.of("okhttp", "jdkhttp", "httpclient5");
  static final List<String> SCHEMES = List.of("none", "basic", "digest", "ntlm", "negotiate");
  static final List<String> HC5_OWN_SCHEMES = List.of("none", "basic", "digest", "ntlm");

  /**
   * Returns {@code all} restricted to the comma list in system property {@code property} (for
   * profiling one scheme or client: {@code -Dproxyauth.e2e.schemes=none,digest}); all without it.
   */
  static List<String> selected(String property, List<String> all) {
    String only = System.getProperty(property, "");
    if (only.isBlank()) {
      return all;
    }
    List<String> wanted = List.of(only.split(","));
    return all.stream().filter(wanted::contains).toList();
  }

  private final Properties out;
  private final Duration warmup;
  private final Duration measure;

  EndToEnd(Properties out, Duration warmup, Duration measure) {
    this.out = out;
    this.warmup = warmup;
    this.measure = measure;
  }

  /**
   * Measures each client of {@link #CLIENTS} against {@code proxies} (scheme to proxy, {@code
   * none} included) with {@code engines} (scheme to engine).
   */
  void proxyauth(String prefix, Map<String, ProxyHandle> proxies,
      Function<String, ProxyAuthenticator> engines) throws Exception {
    for (String client : selected("proxyauth.e2e.clients", CLIENTS)) {
      List<AutoCloseable> open = new ArrayList<>();
      Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
      try {
        proxies.forEach((scheme, proxy) -> ops.put(scheme, operation(client, proxy,
            engines.apply(scheme), open)));
        for (Interleaved.Operation op : ops.values()) {
          op.run(); // the first, authenticating request of each client
        }
        store(prefix + "." + client, Interleaved.forDuration(ops, warmup, measure));
      } finally {
        for (AutoCloseable c : open) {
          c.close();
        }
      }
    }
  }

  /** Measures Apache HttpClient 5 with its own schemes and one shared context (test kit login). */
  void httpClient5Own(String prefix, Map<String, ProxyHandle> proxies) throws Exception {
    httpClient5Own(prefix, proxies, Fixtures.USER, Fixtures.PASSWORD, Fixtures.DOMAIN);
  }

  /** Measures Apache HttpClient 5 with its own schemes, one shared context, the given login. */
  void httpClient5Own(String prefix, Map<String, ProxyHandle> proxies, String user,
      String password, String domain) throws Exception {
    if (!selected("proxyauth.e2e.clients", List.of("hc5own")).contains("hc5own")) {
      return;
    }
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    List<CloseableHttpClient> open = new ArrayList<>();
    try {
      for (String scheme : selected("proxyauth.e2e.schemes", HC5_OWN_SCHEMES)) {
        CloseableHttpClient c = Clients.httpclient5Own(proxies.get(scheme), scheme, user,
            password, domain);
        open.add(c);
        HttpClientContext context = HttpClientContext.create();
        URI uri = Clients.small(proxies.get(scheme));
        ops.put(scheme, () -> check(Clients.get(c, context, uri)));
      }
      for (Interleaved.Operation op : ops.values()) {
        op.run();
      }
      store(prefix + ".hc5own", Interleaved.forDuration(ops, warmup, measure));
    } finally {
      open.forEach(c -> c.close(CloseMode.GRACEFUL));
    }
  }

  private static Interleaved.Operation operation(String client, ProxyHandle proxy,
      ProxyAuthenticator engine, List<AutoCloseable> open) {
    URI uri = Clients.small(proxy);
    switch (client) {
      case "okhttp" -> {
        OkHttpClient c = Clients.okhttp(proxy, engine);
        open.add(() -> {
          c.dispatcher().executorService().shutdown();
          c.connectionPool().evictAll();
        });
        return () -> check(Clients.get(c, uri));
      }
      case "jdkhttp" -> {
        ProxyAuthHttpClient c = Clients.jdkhttp(proxy, engine);
        open.add(c::close);
        return () -> check(Clients.get(c, uri));
      }
      case "httpclient5" -> {
        CloseableHttpClient c = Clients.httpclient5(proxy, engine);
        open.add(() -> c.close(CloseMode.GRACEFUL));
        return () -> check(Clients.get(c, HttpClientContext.create(), uri));
      }
      default -> throw new IllegalArgumentException("Expected a client of " + CLIENTS
          + " but got " + client);
    }
  }

  private void store(String prefix, Map<String, Interleaved.Timings> timings) {
    timings.forEach((scheme, t) -> {
      t.store(out, prefix + "." + scheme);
      System.out.printf("%s.%s: n=%d mean %.0f us p50 %.0f us%n", prefix, scheme,
          t.nanos().length, t.meanMicros(), t.percentileMicros(50));
    });
  }

  private static void check(String body) throws IOException {
    if (!body.equals(Origins.SMALL_BODY)) {
      throw new IOException("Expected the small body but got " + body.length() + " characters");
    }
  }
}
