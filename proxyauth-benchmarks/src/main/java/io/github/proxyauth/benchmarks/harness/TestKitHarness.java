package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.Cntlm;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.relay.LocalProxy;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Everything measured against the test kit's proxy (child JVMs, no Squid needed): {@code
 * TestKitHarness <short|full> <out.properties> [parts]}, parts a comma list of {@code endtoend},
 * {@code concurrency} (default both). End to end: every scheme interleaved with no-auth per
 * client (keys {@code e2e.testkit.*}); concurrency: 500 connections through the local proxy and
 * through cntlm to the test kit's NTLM proxy (keys {@code conc.*}).
 */
public final class TestKitHarness {
  static final int CONNECTIONS = 500;

  private TestKitHarness() {}

  /** Runs the parts and writes the properties file. */
  public static void main(String[] args) throws Exception {
    boolean full = args[0].equals("full");
    Path outFile = Path.of(args[1]).toAbsolutePath();
    String parts = args.length > 2 ? args[2] : "endtoend,concurrency";
    Properties out = new Properties();
    Map<String, ProxyHandle> proxies = new LinkedHashMap<>();
    try {
      for (String scheme : EndToEnd.selected("proxyauth.e2e.schemes", EndToEnd.SCHEMES)) {
        proxies.put(scheme, ProxyHandle.start(scheme));
      }
      if (parts.contains("endtoend")) {
        EndToEnd e2e = new EndToEnd(out, Duration.ofSeconds(full ? 5 : 1),
            Duration.ofSeconds(full ? 20 : 2));
        e2e.proxyauth("e2e.testkit", proxies, Clients::engine);
        e2e.httpClient5Own("e2e.testkit", proxies);
      }
      if (parts.contains("concurrency")) {
        concurrency(proxies.get("ntlm"), out, outFile.getParent().resolve("cntlm"));
      }
    } finally {
      proxies.values().forEach(ProxyHandle::close);
      Files.createDirectories(outFile.getParent());
      try (OutputStream o = Files.newOutputStream(outFile)) {
        out.store(o, "proxyauth against the test kit's proxy");
      }
    }
    System.exit(0);
  }

  private static void concurrency(ProxyHandle upstream, Properties out, Path work)
      throws Exception {
    Concurrency c = new Concurrency(out);
    // The relay's default limit is 256 client connections (503 beyond): raised to measure 500.
    try (LocalProxy relay = LocalProxy.builder(Clients.engine("ntlm"))
        .upstream(ProxySelector.of(upstream.proxy()))
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .maxConnections(CONNECTIONS + 100).build()) {
      c.measure("local", relay.address(), upstream.httpOrigin(), CONNECTIONS,
          ProcessHandle.current().pid());
    }
    if (Cntlm.available()) {
      try (Cntlm cntlm = Cntlm.start(work, upstream.proxy(), Fixtures.USER, Fixtures.DOMAIN,
          Fixtures.PASSWORD, "NTLMv2")) {
        c.measure("cntlm", cntlm.address(), upstream.httpOrigin(), CONNECTIONS, cntlm.pid());
      }
    }
  }
}
