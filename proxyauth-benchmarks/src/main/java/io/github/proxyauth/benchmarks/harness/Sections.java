package io.github.proxyauth.benchmarks.harness;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Renders the sections measured by the harnesses outside JMH (Squid round trips, relay, 500
 * connections, interleaved end to end, CLI cold start) and the goal table, from their properties
 * files ({@code squid.properties}: {@link SquidHarness}; {@code testkit.properties}: {@link
 * TestKitHarness}). A missing value renders as n/a.
 */
final class Sections {
  private static final List<String> PEER_LABELS = List.of("OkHttp + proxyauth",
      "java.net.http + proxyauth", "HttpClient 5 + proxyauth adapter", "curl --proxy-anyauth",
      "JDK HttpURLConnection (own schemes)", "HttpClient 5 own schemes, one context");

  private final StringBuilder md;
  private final Properties squid;
  private final Properties kit;

  Sections(StringBuilder md, Properties squid, Properties kit) {
    this.md = md;
    this.squid = squid;
    this.kit = kit;
  }

  void goals() {
    line("## Goals of issues 17 and 18\n");
    line("Each figure below is a ratio or a count taken within one run (see \"How measured\").\n");
    line("| goal | measured | met? |");
    line("|---|---|---|");
    int ntlmHttp = count("rt.local.ntlm.http.challenges");
    goal("NTLM, 20 plain-HTTP requests on one client connection: at most 1 handshake in total",
        ntlmHttp + " 407s (the no-credentials probe + 1 Type 2) on "
            + squid.getProperty("rt.local.ntlm.http.connections", "n/a")
            + " Squid connection(s); cntlm: " + squid.getProperty("rt.cntlm.ntlm.http.challenges",
                "n/a") + " 407s on " + squid.getProperty("rt.cntlm.ntlm.http.connections", "n/a"),
        ntlmHttp >= 0 && ntlmHttp <= 2);
    int ntlmTunnel = count("rt.local.ntlm.https.warm.challenges");
    goal("NTLM CONNECT: 1 407 per tunnel (warm)", ntlmTunnel + " (cntlm: "
        + squid.getProperty("rt.cntlm.ntlm.https.warm.challenges", "n/a") + ")",
        ntlmTunnel == 1);
    for (String s : List.of("basic", "digest", "negotiate")) {
      int http = count("rt.local." + s + ".http.warm.challenges");
      int https = count("rt.local." + s + ".https.warm.challenges");
      boolean digest = s.equals("digest");
      goal(cap(s) + ": 0 407s once warm (http / https)" + (digest ? ", with the lab's"
          + " nonce_max_count 8 (the local proxy follows the nextnonce Squid announces)" : ""),
          http + " / " + https, https == 0 && http == 0);
    }
    for (String client : List.of("okhttp", "jdkhttp")) {
      ratioGoal("Negotiate >= 0.95x of no-auth, " + client, client, "negotiate", 0.95);
      ratioGoal("Digest >= 0.9x of no-auth, " + client, client, "digest", 0.9);
    }
    Optional<Double> p50 = added("relay.small.local", "relay.small.direct", "p50");
    Optional<Double> rps = ratio("relay.small.direct.mean.us", "relay.small.local.mean.us");
    goal("local proxy (relay) adds <= 10% at p50 to a small GET via Squid", pct(p50)
        + " (proxyauth-jdkhttp: " + pct(added("relay.small.jdkhttp", "relay.small.direct",
            "p50")) + ")", p50.map(v -> v <= 10).orElse(false));
    goal("relay >= 0.9x requests/s of the plain JDK client", x(rps) + " (proxyauth-jdkhttp: "
        + x(ratio("relay.small.direct.mean.us", "relay.small.jdkhttp.mean.us")) + ")",
        rps.map(v -> v >= 0.9).orElse(false));
    Optional<Double> tunnel = ratio("relay.bulk.direct.p50.us", "relay.bulk.local.p50.us");
    goal("100 MiB through a CONNECT tunnel >= 90% of direct", x(tunnel) + " (cntlm: "
        + x(ratio("relay.bulk.direct.p50.us", "relay.bulk.cntlm.p50.us")) + ")",
        tunnel.map(v -> v >= 0.9).orElse(false));
    String failures = kit.getProperty("conc.local.failures", "n/a");
    goal("500 concurrent client connections (mixed): no failure", failures + " failures",
        failures.equals("0"));
    line("");
  }

  private void ratioGoal(String label, String client, String scheme, double goal) {
    Optional<Double> sq = ratio("e2e.squid." + client + ".none.mean.us",
        "e2e.squid." + client + "." + scheme + ".mean.us");
    Optional<Double> tk = ratio("e2e.testkit." + client + ".none.mean.us",
        "e2e.testkit." + client + "." + scheme + ".mean.us");
    goal(label, "Squid " + x(sq) + ", test kit " + x(tk), sq.map(v -> v >= goal).orElse(false));
  }

  private void goal(String goal, String measured, boolean met) {
    line("| " + goal + " | " + measured + " | " + (met ? "yes" : "**no**") + " |");
  }

  void roundTrips() {
    line("## Round trips through the real Squid: local proxy vs cntlm\n");
    line("20 sequential GETs from a client that keeps one connection to the local proxy while the"
        + " proxy keeps it open (no credentials; the local proxy adds them), counted from Squid's"
        + " access log. http: forwarded GETs; https: one CONNECT tunnel with 20 TLS GETs inside"
        + " (Squid logs the tunnel once). cold: a new local proxy; warm: a second client"
        + " connection to the same one. Local proxy: `LocalProxy.builder(engine).upstream(Squid)"
        + ".listen(loopback:0)`; cntlm " + "0.92.3 (Debian) with `Auth NTLMv2`, started"
        + " with a generated config, `-f`.\n");
    line("| proxy | scheme | target | run | 200s | 407s | Squid connections | client"
        + " connections |");
    line("|---|---|---|---|---|---|---|---|");
    for (String s : SquidRoundTrips.SCHEMES) {
      for (String t : SquidRoundTrips.TARGETS) {
        for (String run : List.of("", ".warm")) {
          rtRow("local proxy", "rt.local." + s + "." + t + run, s, t, run);
        }
      }
    }
    for (String t : SquidRoundTrips.TARGETS) {
      for (String run : List.of("", ".warm")) {
        rtRow("cntlm", "rt.cntlm.ntlm." + t + run, "ntlm", t, run);
      }
    }
    line("\ncntlm closes the client connection after every forwarded response (its log: `PROXY"
        + " CLOSING CONNECTION`), so a keep-alive client reconnects each time, and it opens a new"
        + " Squid connection with a full NTLM handshake per request.\n");
    line("### Round trips of proxyauth's adapters and peer clients\n");
    line("The same 20 requests, each client with its own connection handling.\n");
    line("| client | scheme | target | 200s | 407s | Squid connections |");
    line("|---|---|---|---|---|---|");
    for (String s : SquidRoundTrips.SCHEMES) {
      for (String t : SquidRoundTrips.TARGETS) {
        for (int i = 0; i < SquidRoundTrips.PEERS.size(); i++) {
          String k = "rt." + SquidRoundTrips.PEERS.get(i) + "." + s + "." + t;
          if (squid.containsKey(k + ".ok")) {
            line("| " + PEER_LABELS.get(i) + " | " + s + " | " + t + " | " + get(squid, k + ".ok")
                + " | " + get(squid, k + ".challenges") + " | " + get(squid, k + ".connections")
                + " |");
          }
        }
      }
    }
    line("");
  }

  private void rtRow(String proxy, String k, String s, String t, String run) {
    line("| " + proxy + " | " + s + " | " + t + " | " + (run.isEmpty() ? "cold" : "warm") + " | "
        + get(squid, k + ".ok") + " | " + get(squid, k + ".challenges") + " | "
        + get(squid, k + ".connections") + " | " + get(squid, k + ".clientConnections") + " |");
  }

  void relay() {
    line("## Local proxy in front of the real Squid\n");
    line("Small GETs with the JDK client, interleaved in shuffled turns in one JVM: straight to"
        + " Squid's port without authentication (direct), through the local proxy to the same port"
        + " (a plain JDK client on the relay's listener; and proxyauth-jdkhttp's client), and"
        + " through the local proxy and cntlm to Squid's NTLM port.\n");
    line("| path | requests | p50 | p99 | mean | p50 added vs direct | requests/s vs direct |");
    line("|---|---|---|---|---|---|---|");
    for (String n : List.of("direct", "local", "jdkhttp", "local-ntlm", "cntlm")) {
      String k = "relay.small." + n;
      line("| " + n + " | " + get(squid, k + ".n") + " | " + us(squid, k + ".p50.us") + " | "
          + us(squid, k + ".p99.us") + " | " + us(squid, k + ".mean.us") + " | "
          + pct(added(k, "relay.small.direct", "p50")) + " | "
          + x(ratio("relay.small.direct.mean.us", k + ".mean.us")) + " |");
    }
    line("\n100 MiB from a raw origin through one CONNECT tunnel per transfer, interleaved"
        + " (median of " + squid.getProperty("relay.bulk.direct.n", "?") + " transfers each).\n");
    line("| path | median time | throughput | vs direct |");
    line("|---|---|---|---|");
    for (String n : List.of("direct", "local", "local-ntlm", "cntlm")) {
      String k = "relay.bulk." + n + ".p50.us";
      Optional<Double> t = num(squid, k);
      line("| " + n + " | " + t.map(v -> fmt(v / 1e3) + " ms").orElse("n/a") + " | "
          + t.map(v -> fmt(SquidRelay.BULK_MIB / (v / 1e6)) + " MiB/s").orElse("n/a") + " | "
          + x(ratio("relay.bulk.direct.p50.us", k)) + " |");
    }
    line("");
  }

  void concurrency() {
    line("## 500 concurrent client connections\n");
    line("500 connections opened at once, alternately a forwarded GET and a CONNECT tunnel with a"
        + " GET inside, every request in flight before the first answer is read, all answered and"
        + " still open when measured; upstream: the test kit's NTLM proxy (Squid's lab is limited"
        + " to 1024 descriptors). The local proxy runs in the measuring JVM (JDK "
        + System.getProperty("java.specification.version") + ", platform threads) with"
        + " `maxConnections(600)` (default 256: 503 beyond); cntlm is a process of its own."
        + " Per connection = (during - before) / 500; the client's own 500 sockets are"
        + " subtracted.\n");
    line("| proxy | failures | time to answer all | threads before / during | threads per"
        + " connection | descriptors per connection | memory per connection |");
    line("|---|---|---|---|---|---|---|");
    for (String n : List.of("local", "cntlm")) {
      String k = "conc." + n;
      line("| " + (n.equals("local") ? "local proxy" : "cntlm") + " | " + get(kit, k + ".failures")
          + " | " + get(kit, k + ".seconds") + " s | " + get(kit, k + ".threads.before") + " / "
          + get(kit, k + ".threads.during") + " | " + get(kit, k + ".threads.per") + " | "
          + get(kit, k + ".fds.per") + " | " + num(kit, k + ".bytes.per").map(v -> fmt(v / 1024)
              + " KiB").orElse("n/a") + " (" + kit.getProperty(k + ".memory", "?")
          + ") |");
    }
    line("\ncntlm closes each forwarded connection after its response, so during the"
        + " measurement it holds only the 250 tunnels; its memory is resident set size, the"
        + " local proxy's is used Java heap after GC.\n");
  }

  void endToEnd() {
    line("## End to end, every scheme interleaved with no-auth\n");
    line("One small forwarded GET per operation with a warm client; per client, the requests"
        + " without authentication and with each scheme take shuffled turns in one JVM, so the"
        + " ratio compares the same seconds. Ratio = requests/s with the scheme / requests/s"
        + " without (mean latency of none / mean latency of the scheme). Squid: its port per"
        + " scheme vs its port without authentication (the lab's Digest retires a nonce after 8"
        + " uses and announces the next: proxyauth follows it, a client that does not takes a"
        + " stale=true round trip per 8 requests); test kit: its proxy per scheme"
        + " (child JVMs).\n");
    line("| proxy | client | scheme | vs no-auth | p50 | p99 | mean |");
    line("|---|---|---|---|---|---|---|");
    for (String proxy : List.of("squid", "testkit")) {
      Properties p = proxy.equals("squid") ? squid : kit;
      for (String client : List.of("okhttp", "jdkhttp", "httpclient5", "hc5own")) {
        List<String> schemes = client.equals("hc5own") ? EndToEnd.HC5_OWN_SCHEMES
            : EndToEnd.SCHEMES;
        String base = "e2e." + proxy + "." + client;
        if (!p.containsKey(base + ".none.mean.us")) {
          continue;
        }
        for (String s : schemes) {
          String k = base + "." + s;
          line("| " + (proxy.equals("squid") ? "Squid" : "test kit") + " | "
              + (client.equals("hc5own") ? "HttpClient 5 own schemes, one context" : client)
              + " | " + s + " | " + x(ratio(p, base + ".none.mean.us", k + ".mean.us")) + " | "
              + us(p, k + ".p50.us") + " | " + us(p, k + ".p99.us") + " | "
              + us(p, k + ".mean.us") + " |");
        }
      }
    }
    line("");
  }

  void cliColdStart() {
    line("## Command line cold start to the first NTLM 200\n");
    line("Wall time from process start to exit, fetching one http:// URL through Squid's NTLM"
        + " port, interleaved (median of " + squid.getProperty("cold.cli.n", "?") + " runs each):"
        + " `proxyauth fetch --scheme ntlm` (java -jar, the shaded CLI), `curl --proxy-ntlm`, and"
        + " `proxyauth --help` as the JVM's floor.\n");
    line("| command | median | p99 |");
    line("|---|---|---|");
    for (String c : List.of("cli", "curl", "cli-help")) {
      line("| " + c + " | " + ms(squid, "cold." + c + ".p50.us") + " | "
          + ms(squid, "cold." + c + ".p99.us") + " |");
    }
    line("\nTLS classes (`sun.security.ssl.*`, `javax.net.ssl.*`) the CLI loads for that http://"
        + " URL: " + squid.getProperty("cold.cli.tlsClasses", "n/a") + " of "
        + squid.getProperty("cold.cli.classes", "n/a") + " classes loaded.\n");
  }

  private int count(String key) {
    return Integer.parseInt(squid.getProperty(key, "-1"));
  }

  private Optional<Double> ratio(String num, String den) {
    return ratio(num.startsWith("e2e.testkit") || num.startsWith("conc") ? kit : squid, num, den);
  }

  private static Optional<Double> ratio(Properties p, String num, String den) {
    return num(p, num).flatMap(n -> num(p, den).map(d -> n / d));
  }

  private Optional<Double> added(String key, String baseKey, String stat) {
    return num(squid, key + "." + stat + ".us").flatMap(v -> num(squid, baseKey + "." + stat
        + ".us").map(b -> (v / b - 1) * 100));
  }

  private static Optional<Double> num(Properties p, String key) {
    return Optional.ofNullable(p.getProperty(key)).map(Double::parseDouble);
  }

  private static String get(Properties p, String key) {
    return p.getProperty(key, "n/a");
  }

  private static String us(Properties p, String key) {
    return num(p, key).map(v -> fmt(v) + " us").orElse("n/a");
  }

  private static String ms(Properties p, String key) {
    return num(p, key).map(v -> fmt(v / 1e3) + " ms").orElse("n/a");
  }

  private static String x(Optional<Double> v) {
    return v.map(d -> fmt(d) + "x").orElse("n/a");
  }

  private static String pct(Optional<Double> v) {
    return v.map(d -> (d >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.1f", d) + "%")
        .orElse("n/a");
  }

  private static String fmt(double v) {
    return Report.fmt(v);
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
