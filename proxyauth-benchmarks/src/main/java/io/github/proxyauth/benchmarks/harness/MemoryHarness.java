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
import java.util.List;
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
    h.perAuthenticator(50);
    h.perExchange(20);
    h.engineGrowth(200);
    return h.results;
  }

  private void runAll() throws Exception {
    // Each first pass is a warm-up (class initialisation, lazy statics); the second one counts.
    for (int pass = 0; pass < 2; pass++) {
      perAuthenticator(full ? 10_000 : 2_000);
      perExchange(full ? 10_000 : 5_000);
    }
    perOkHttpConnection("none", full ? 100 : 20);
    for (String scheme : List.of("none", "basic", "ntlm")) {
      perOkHttpConnection(scheme, full ? 100 : 20);
    }
    engineGrowth(full ? 100_000 : 20_000);
    okhttpGrowth(full ? 100_000 : 5_000);
  }

  private void perAuthenticator(int n) {
    ProxyAuthenticator[] keep = new ProxyAuthenticator[n];
    long before = Heap.usedAfterGc();
    for (int i = 0; i < n; i++) {
      keep[i] = ProxyAuthenticator.builder().credentials(Fixtures.credentials()).build();
    }
    put("authenticator.bytes", (Heap.usedAfterGc() - before) / (double) n);
    Reference.reachabilityFence(keep);
  }

  private void perExchange(int n) throws ProxyAuthException {
    NtlmFixture server = new NtlmFixture();
    ProxyAuthenticator ntlm = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.ntlm()).build();
    ProxyAuthenticator basic = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.basic()).build();
    AuthExchange[] keep = new AuthExchange[n];
    long before = Heap.usedAfterGc();
    for (int i = 0; i < n; i++) {
      keep[i] = ntlmHandshake(ntlm, server, i);
    }
    put("exchange.ntlm.bytes", (Heap.usedAfterGc() - before) / (double) n);
    AuthExchange[] basics = new AuthExchange[n];
    before = Heap.usedAfterGc();
    for (int i = 0; i < n; i++) {
      basics[i] = basic.newExchange(Fixtures.request());
      basics[i].respond(List.of("Basic realm=\"" + Fixtures.REALM + "\""));
      basics[i].succeeded(List.of());
    }
    put("exchange.basic.bytes", (Heap.usedAfterGc() - before) / (double) n);
    Reference.reachabilityFence(keep);
    Reference.reachabilityFence(basics);
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

  private void perOkHttpConnection(String scheme, int n) throws Exception {
    try (ProxyHandle proxy = ProxyHandle.start(scheme)) {
      long before = Heap.usedAfterGc();
      IdleConnections idle = IdleConnections.open(proxy, Clients.engine(scheme), n);
      put("okhttp.connection." + scheme + ".bytes", (Heap.usedAfterGc() - before) / (double) n);
      idle.close();
    }
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
