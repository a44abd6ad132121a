package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.NtlmFixture;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.testkit.internal.ServerConnection;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;

/**
 * Retained heap, measured as used heap after full collections before and after: per {@link
 * ProxyAuthenticator}, per authenticated {@link AuthExchange} (the engine's per-connection state),
 * per idle authenticated OkHttp connection (against the same proxy without authentication), and
 * growth between 10% and 100% of a long run of exchanges (engine only, and OkHttp end to end).
 * {@code MemoryHarness <short|full> <out.properties>}; run with {@code -XX:+UseSerialGC}.
 */
public final class MemoryHarness {
  private final Properties results = new Properties();
  private final boolean full;

  private MemoryHarness(boolean full) {
    this.full = full;
  }

  /** Runs every measurement and writes the properties file. */
  public static void main(String[] args) throws Exception {
    MemoryHarness h = new MemoryHarness(args[0].equals("full"));
    h.runAll();
    try (OutputStream o = Files.newOutputStream(Path.of(args[1]))) {
      h.results.store(o, "proxyauth memory");
    }
    h.results.forEach((k, v) -> System.out.println("memory " + k + " = " + v));
    System.exit(0);
  }

  /** Returns the results of every measurement (keys as in the report). */
  public static Properties runQuick() throws Exception {
    MemoryHarness h = new MemoryHarness(false);
    h.perAuthenticator(50, 2);
    h.perExchange(20, 2);
    h.engineGrowth(200);
    return h.results;
  }

  private void runAll() throws Exception {
    int samples = full ? 7 : 3;
    // The first sample of each measurement is a warm-up (class initialisation, lazy statics).
    perAuthenticator(full ? 10_000 : 2_000, samples);
    perExchange(full ? 10_000 : 5_000, samples);
    perOkHttpConnection(full ? 200 : 50, full ? 5 : 2);
    engineGrowth(full ? 100_000 : 20_000);
    okhttpGrowth(full ? 100_000 : 5_000);
  }

  /**
   * Returns the retained bytes per object of {@code n} objects {@code make} returns, measured as
   * the growth of used heap after full collections while the n objects are held.
   */
  private static double retainedPer(int n, Maker make) throws Exception {
    Object[] keep = new Object[n];
    long before = Heap.usedAfterGc();
    for (int i = 0; i < n; i++) {
      keep[i] = make.make(i);
    }
    double per = (Heap.usedAfterGc() - before) / (double) n;
    Reference.reachabilityFence(keep);
    return per;
  }

  @FunctionalInterface
  private interface Maker {
    Object make(int i) throws Exception;
  }

  private void perAuthenticator(int n, int samples) throws Exception {
    List<Double> v = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      v.add(retainedPer(n, i -> ProxyAuthenticator.builder().credentials(Fixtures.credentials())
          .build()));
    }
    putSamples("authenticator", v);
  }

  private void perExchange(int n, int samples) throws Exception {
    NtlmFixture server = new NtlmFixture();
    ProxyAuthenticator ntlm = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.ntlm()).build();
    ProxyAuthenticator basic = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.basic()).build();
    List<Double> ntlmBytes = new ArrayList<>();
    List<Double> basicBytes = new ArrayList<>();
    for (int s = 0; s < samples; s++) { // interleaved, so drift in the heap falls on both
      ntlmBytes.add(retainedPer(n, i -> ntlmHandshake(ntlm, server, i)));
      basicBytes.add(retainedPer(n, i -> {
        AuthExchange x = basic.newExchange(Fixtures.request());
        x.respond(List.of("Basic realm=\"" + Fixtures.REALM + "\""));
        x.succeeded(List.of());
        return x;
      }));
    }
    putSamples("exchange.ntlm", ntlmBytes);
    putSamples("exchange.basic", basicBytes);
  }

  static AuthExchange ntlmHandshake(ProxyAuthenticator engine, NtlmFixture server, int id)
      throws ProxyAuthException {
    AuthExchange x = engine.newExchange(Fixtures.request());
    ServerConnection connection = new ServerConnection(id);
    String type2 = server.type2(x.respond(List.of("NTLM")), connection);
    x.respond(List.of("NTLM " + type2));
    x.succeeded(List.of());
    return x;
  }

  private void perOkHttpConnection(int n, int samples) throws Exception {
    List<String> schemes = List.of("none", "basic", "ntlm");
    Map<String, ProxyHandle> proxies = new LinkedHashMap<>();
    Map<String, List<Double>> bytes = new LinkedHashMap<>();
    try {
      for (String scheme : schemes) {
        proxies.put(scheme, ProxyHandle.start(scheme));
        bytes.put(scheme, new ArrayList<>());
      }
      IdleConnections.open(proxies.get("none"), Clients.engine("none"), n).close(); // warm-up
      for (int s = 0; s < samples; s++) {
        for (String scheme : schemes) {
          long before = Heap.usedAfterGc();
          IdleConnections idle = IdleConnections.open(proxies.get(scheme),
              Clients.engine(scheme), n);
          bytes.get(scheme).add((Heap.usedAfterGc() - before) / (double) n);
          idle.close();
        }
      }
    } finally {
      proxies.values().forEach(ProxyHandle::close);
    }
    bytes.forEach((scheme, v) -> putSamples("okhttp.connection." + scheme, v));
  }

  /**
   * Stores the median of {@code samples} (the first one dropped as a warm-up when there are
   * more than two) as {@code key.bytes}, with {@code key.min}, {@code key.max} and {@code
   * key.samples}.
   */
  private void putSamples(String key, List<Double> samples) {
    List<Double> v = new ArrayList<>(samples.size() > 2 ? samples.subList(1, samples.size())
        : samples);
    Collections.sort(v);
    put(key + ".bytes", v.get(v.size() / 2));
    put(key + ".min", v.get(0));
    put(key + ".max", v.get(v.size() - 1));
    results.setProperty(key + ".samples", Integer.toString(v.size()));
  }

  private void engineGrowth(int n) throws ProxyAuthException {
    ProxyAuthenticator engine = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.digest()).build();
    String digest = "Digest realm=\"" + Fixtures.REALM + "\", qop=\"auth\", algorithm=SHA-256,"
        + " nonce=\"n0\"";
    long at10 = 0;
    for (int i = 1; i <= n; i++) {
      AuthExchange x = engine.newExchange(Fixtures.request());
      if (x.preemptive().isEmpty()) {
        x.respond(List.of(digest));
      }
      x.succeeded(List.of());
      if (i == n / 10) {
        at10 = Heap.usedAfterGc();
      }
    }
    growth("engine", n, at10, Heap.usedAfterGc());
    Reference.reachabilityFence(engine);
  }

  private void okhttpGrowth(int n) throws Exception {
    try (ProxyHandle proxy = ProxyHandle.start("basic")) {
      okhttp3.OkHttpClient client = Clients.okhttp(proxy, Clients.engine("basic"));
      java.net.URI uri = Clients.small(proxy);
      long at10 = 0;
      for (int i = 1; i <= n; i++) {
        Clients.get(client, uri);
        if (i == n / 10) {
          at10 = Heap.usedAfterGc();
        }
      }
      growth("okhttp", n, at10, Heap.usedAfterGc());
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
    }
  }

  private void growth(String name, int n, long at10, long atEnd) {
    results.setProperty("growth." + name + ".requests", Integer.toString(n));
    put("growth." + name + ".at10.bytes", at10);
    put("growth." + name + ".end.bytes", atEnd);
  }

  private void put(String key, double value) {
    results.setProperty(key, String.format(Locale.ROOT, "%.0f", value));
  }
}
