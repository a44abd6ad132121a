package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Cntlm;
import io.github.proxyauth.benchmarks.support.OneConnection;
import io.github.proxyauth.it.squid.SquidBench;
import io.github.proxyauth.it.squid.SquidBench.Counts;
import io.github.proxyauth.relay.LocalProxy;
import io.github.proxyauth.relay.ProxyRelay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Round trips counted from Squid's access log for {@value SquidBench#REQUESTS} sequential
 * requests: through the local proxy and cntlm with every request on one client connection (cold:
 * a fresh proxy; warm: a second client connection to the same proxy), and proxyauth's adapters
 * next to curl, HttpURLConnection and HttpClient 5's own schemes. Keys: {@code
 * rt.<client>.<scheme>.<target>[.warm].<ok|challenges|connections>}.
 */
final class SquidRoundTrips {
  static final List<String> SCHEMES = List.of("basic", "digest", "ntlm", "negotiate");
  static final List<String> TARGETS = List.of("http", "https");
  static final List<String> PEERS = List.of("okhttp", "jdkhttp", "httpclient5", "curl",
      "urlconnection", "hc5own");

  private final SquidBench lab;
  private final Properties out;
  private final Path work;

  SquidRoundTrips(SquidBench lab, Properties out, Path work) {
    this.lab = lab;
    this.out = out;
    this.work = work;
  }

  /** Measures the local proxy and cntlm rows. */
  void oneConnection() throws Exception {
    for (String scheme : SCHEMES) {
      for (String target : TARGETS) {
        ProxyAuthenticator engine = lab.engine(scheme);
        try (LocalProxy relay = LocalProxy.builder(engine)
            .upstream(ProxySelector.of(lab.proxy(scheme)))
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build()) {
          InetSocketAddress local = relay.address();
          record("local", scheme, target, "", send(local, scheme, target, "local"));
          record("local", scheme, target, ".warm", send(local, scheme, target, "local-warm"));
        }
      }
    }
    if (!Cntlm.available()) {
      System.out.println("round trips: no cntlm at " + Cntlm.BINARY + ", its rows stay empty");
      return;
    }
    for (String target : TARGETS) {
      try (Cntlm cntlm = Cntlm.start(work, lab.proxy("ntlm"),
          SquidBench.USER, SquidBench.DOMAIN, SquidBench.PASSWORD, "NTLMv2")) {
        record("cntlm", "ntlm", target, "", send(cntlm.address(), "ntlm", target, "cntlm"));
        record("cntlm", "ntlm", target, ".warm", send(cntlm.address(), "ntlm", target,
            "cntlm-warm"));
      }
    }
  }

  /** Measures proxyauth's adapters and the peer clients. */
  void peers() throws Exception {
    for (String scheme : SCHEMES) {
      for (String target : TARGETS) {
        for (String client : PEERS) {
          if (client.equals("hc5own") && scheme.equals("negotiate")) {
            continue; // HttpClient 5 has no SPNEGO without a JAAS set-up of its own
          }
          record(client, scheme, target, "", peer(client, scheme, target));
        }
      }
    }
  }

  private Counts peer(String client, String scheme, String target) throws Exception {
    return switch (client) {
      case "curl" -> lab.curl(scheme, target);
      case "urlconnection" -> lab.urlConnection(scheme, target);
      case "hc5own" -> lab.httpClient5Own(scheme, target);
      default -> lab.adapter(client, scheme, target);
    };
  }

  static InetSocketAddress listener(ProxyRelay relay) {
    return (InetSocketAddress) relay.proxySelector().select(URI.create("http://127.0.0.1/"))
        .get(0).address();
  }

  private Sent send(InetSocketAddress proxy, String scheme, String target, String tag)
      throws Exception {
    int[] clientConnections = {0};
    Counts counts = lab.count(scheme, target, tag, urls -> {
      OneConnection.Result r = target.equals("http") ? OneConnection.forward(proxy, urls)
          : OneConnection.tunnel(proxy, urls, lab.originTls());
      clientConnections[0] = r.clientConnections();
      return ok(r.statuses());
    });
    return new Sent(counts, clientConnections[0]);
  }

  private record Sent(Counts upstream, int clientConnections) {}

  private void record(String client, String scheme, String target, String suffix, Sent s) {
    record(client, scheme, target, suffix, s.upstream());
    out.setProperty("rt." + client + "." + scheme + "." + target + suffix + ".clientConnections",
        Integer.toString(s.clientConnections()));
  }

  private static int ok(List<Integer> statuses) {
    return (int) statuses.stream().filter(s -> s == 200).count();
  }

  private void record(String client, String scheme, String target, String suffix, Counts c) {
    String key = "rt." + client + "." + scheme + "." + target + suffix;
    out.setProperty(key + ".ok", Integer.toString(c.ok()));
    out.setProperty(key + ".challenges", Integer.toString(c.challenges()));
    out.setProperty(key + ".connections", Integer.toString(c.connections()));
    System.out.println("round trips " + key + ": " + c);
  }
}
