package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.Cntlm;
import io.github.proxyauth.benchmarks.support.Origins;
import io.github.proxyauth.benchmarks.support.ProxyAt;
import io.github.proxyauth.benchmarks.support.RawTunnel;
import io.github.proxyauth.it.squid.SquidBench;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.relay.LocalProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The local proxy's cost in front of the real Squid, interleaved: small GETs with the JDK client
 * straight to Squid's open port ({@code direct}), through the local proxy ({@code local}, a plain
 * JDK client; {@code jdkhttp}, proxyauth-jdkhttp's client on the same relay code), through the
 * local proxy to Squid's NTLM port ({@code local-ntlm}) and through cntlm to it ({@code cntlm});
 * and 100 MiB through one CONNECT tunnel each way to a raw origin. Keys {@code relay.small.<name>}
 * and {@code relay.bulk.<name>}.
 */
final class SquidRelay {
  static final int BULK_MIB = 100;

  private final SquidBench lab;
  private final Properties out;
  private final Path work;
  private final boolean full;

  SquidRelay(SquidBench lab, Properties out, Path work, boolean full) {
    this.lab = lab;
    this.out = out;
    this.work = work;
    this.full = full;
  }

  void run() throws Exception {
    try (Origins origins = Origins.start();
        LocalProxy open = relay("open");
        LocalProxy ntlm = relay("ntlm");
        Cntlm cntlm = Cntlm.start(work, lab.proxy("ntlm"), SquidBench.USER, SquidBench.DOMAIN,
            SquidBench.PASSWORD, "NTLMv2")) {
      Map<String, InetSocketAddress> proxies = new LinkedHashMap<>();
      proxies.put("direct", lab.proxy("open"));
      proxies.put("local", open.address());
      proxies.put("local-ntlm", ntlm.address());
      proxies.put("cntlm", cntlm.address());
      small(origins, proxies);
      bulk(origins, proxies);
    }
  }

  private LocalProxy relay(String scheme) throws IOException {
    return LocalProxy.builder(lab.engine(scheme)).upstream(ProxySelector.of(lab.proxy(scheme)))
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
  }

  private void small(Origins origins, Map<String, InetSocketAddress> proxies) throws Exception {
    URI uri = Clients.small(new ProxyAt(lab.proxy("open"), origins));
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    Map<String, HttpClient> clients = new LinkedHashMap<>();
    proxies.forEach((name, address) -> clients.put(name, Clients.jdkDirect(new ProxyAt(address,
        origins))));
    try (ProxyAuthHttpClient jdkhttp = Clients.jdkhttp(new ProxyAt(lab.proxy("open"), origins),
        lab.engine("open"))) {
      clients.forEach((name, client) -> ops.put(name, () -> body(Clients.get(client, uri))));
      ops.put("jdkhttp", () -> body(Clients.get(jdkhttp, uri)));
      Interleaved.forDuration(ops, seconds(full ? 10 : 2), seconds(full ? 30 : 3))
          .forEach((name, t) -> {
            t.store(out, "relay.small." + name);
            System.out.printf("relay small %s: n=%d p50 %.0f us p99 %.0f us mean %.0f us%n",
                name, t.nanos().length, t.percentileMicros(50), t.percentileMicros(99),
                t.meanMicros());
          });
    }
  }

  private void bulk(Origins origins, Map<String, InetSocketAddress> proxies) throws Exception {
    long bytes = BULK_MIB * 1024L * 1024L;
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    proxies.forEach((name, address) -> ops.put(name, () -> {
      long got = RawTunnel.download(address, origins.rawPort(), bytes, Optional.empty());
      if (got != bytes) {
        throw new IOException("Expected " + bytes + " bytes through " + name + " but got " + got);
      }
    }));
    Interleaved.forRounds(ops, 1, full ? 7 : 1).forEach((name, t) -> {
      t.store(out, "relay.bulk." + name);
      System.out.printf("relay bulk %s: median %.0f ms (%.0f MiB/s)%n", name,
          t.percentileMicros(50) / 1e3, BULK_MIB / (t.percentileMicros(50) / 1e6));
    });
  }

  private static void body(String body) throws IOException {
    if (!body.equals(Origins.SMALL_BODY)) {
      throw new IOException("Expected the small body but got " + body.length() + " characters");
    }
  }

  private static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }
}
