package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.benchmarks.harness.Results.Score;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Renders docs/BENCHMARKS.md from one run: {@code Report <mode> <jmh.json> <coldstart.properties>
 * <memory.properties> <out.md> <load-at-start> <command>}. Ratios are the headline; absolute
 * values follow them.
 */
public final class Report {
  private static final String C = "HeaderComputationBenchmark.";
  private final StringBuilder md = new StringBuilder();
  private final Results jmh;
  private final Properties cold;
  private final Properties memory;

  Report(Results jmh, Properties cold, Properties memory) {
    this.jmh = jmh;
    this.cold = cold;
    this.memory = memory;
  }

  /** Writes the report; see the class comment for the arguments. */
  public static void main(String[] a) throws IOException {
    Report r = new Report(Results.of(Files.readString(Path.of(a[1]))), load(Path.of(a[2])),
        load(Path.of(a[3])));
    Path out = Path.of(a[4]).toAbsolutePath();
    Files.createDirectories(out.getParent());
    Files.writeString(out, r.render(a[0], a[5], a[6]));
    System.out.println("wrote " + a[4]);
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    return p;
  }

  /** Returns the whole markdown text. */
  String render(String mode, String loadAtStart, String command) throws IOException {
    ReportText.header(md, mode, loadAtStart, command);
    parsing();
    headers();
    coldStart();
    endToEnd();
    relay();
    memory();
    ReportText.reading(md);
    return md.toString();
  }

  private void parsing() {
    line("## Challenge parsing\n");
    line("Time to parse every `Proxy-Authenticate` value of one 407. Ratio = peer time / proxyauth"
        + " time (above 1: proxyauth is faster).\n");
    line("| header set | vs HttpClient 5 | vs OkHttp | proxyauth | HttpClient 5 | OkHttp |");
    line("|---|---|---|---|---|---|");
    for (String set : List.of("squidAllSchemes", "digest", "longToken68", "hostile4k")) {
      Optional<Score> own = jmh.get("ChallengeParsingBenchmark.proxyauth", "headers", set);
      Optional<Score> hc = jmh.get("ChallengeParsingBenchmark.httpclient5", "headers", set);
      Optional<Score> ok = jmh.get("ChallengeParsingBenchmark.okhttp", "headers", set);
      line("| " + set + " | " + ratio(hc, own) + " | " + ratio(ok, own) + " | " + abs(own)
          + " | " + abs(hc) + " | " + abs(ok) + " |");
    }
    line("");
  }

  private void headers() {
    line("## Header computation per scheme\n");
    line("One `Proxy-Authorization` value from a new session answering a fixed challenge (NTLM:"
        + " Type 1 + Type 3 against a real Type 2; Negotiate: one SPNEGO token, service ticket"
        + " cached). \"engine\" is the whole `AuthExchange.respond` from the raw header (parse,"
        + " select, answer, events). Ratio = peer time / proxyauth session time.\n");
    line("| scheme | proxyauth | proxyauth engine | peer | peer / proxyauth |");
    line("|---|---|---|---|---|");
    headerRow("Basic", "basicProxyauth", "basicEngine", "basicHttpclient5", "HttpClient 5");
    headerRow("Basic", "basicProxyauth", "basicEngine", "basicOkhttp", "OkHttp Credentials.basic");
    headerRow("Digest SHA-256", "digestProxyauth", "digestEngine", "digestHttpclient5",
        "HttpClient 5");
    headerRow("NTLM Type 1 + 3", "ntlmProxyauth", "-", "ntlmHttpclient5",
        "HttpClient 5 NTLMScheme (deprecated)");
    headerRow("Negotiate", "negotiateProxyauth", "-", "-", "(no maintained peer)");
    line("");
  }

  private void headerRow(String scheme, String own, String engine, String peer, String peerName) {
    Optional<Score> o = jmh.get(C + own);
    Optional<Score> e = jmh.get(C + engine);
    Optional<Score> p = jmh.get(C + peer);
    line("| " + scheme + " | " + abs(o) + " | " + abs(e) + " | " + peerName + ": " + abs(p)
        + " | " + ratio(p, o) + " |");
  }

  private void coldStart() {
    line("## Cold start (fresh JVM)\n");
    line("Median over " + cold.getProperty("ntlm.runs", "?") + " fresh JVMs per case: time from"
        + " `main` to the first header, and to the second one in the same JVM.\n");
    line("| case | first header | second header | first / second |");
    line("|---|---|---|---|");
    for (String kase : ColdStart.CASES) {
      String first = cold.getProperty(kase + ".first.ms", "n/a");
      String second = cold.getProperty(kase + ".second.ms", "n/a");
      line("| " + kase + " | " + first + " ms | " + second + " ms | " + div(first, second)
          + " |");
    }
    line("");
  }

  private void endToEnd() {
    line("## End to end through the test kit's proxy (loopback, warm client, one thread)\n");
    line("One small forwarded GET per operation. Ratio = requests/s with the scheme / requests/s"
        + " of the same client against the same proxy without authentication.\n");
    line("| client | scheme | vs no-auth | requests/s | mean | p50 | p99 |");
    line("|---|---|---|---|---|---|---|");
    for (String client : List.of("okhttp", "jdkhttp", "httpclient5")) {
      Optional<Score> none = jmh.get("EndToEndBenchmark.request", "client", client, "scheme",
          "none");
      for (String scheme : List.of("none", "basic", "digest", "ntlm", "negotiate")) {
        Optional<Score> s = jmh.get("EndToEndBenchmark.request", "client", client, "scheme",
            scheme);
        line("| " + client + " | " + scheme + " | " + ratio(none, s) + " | " + perSecond(s)
            + " | " + abs(s) + " | " + pct(s, true) + " | " + pct(s, false) + " |");
      }
    }
    Optional<Score> ownNone = jmh.get("HttpClient5OwnBenchmark.request", "scheme", "none");
    for (String scheme : List.of("none", "basic", "digest", "ntlm")) {
      Optional<Score> s = jmh.get("HttpClient5OwnBenchmark.request", "scheme", scheme);
      line("| httpclient5 own schemes, shared context | " + scheme + " | " + ratio(ownNone, s)
          + " | " + perSecond(s) + " | " + abs(s) + " | " + pct(s, true) + " | "
          + pct(s, false) + " |");
    }
    line("");
  }

  private void relay() {
    line("## Relay (proxyauth-jdkhttp) against the same proxy reached directly\n");
    Optional<Score> d = jmh.get("RelayBenchmark.smallDirect", "bulkMiB", "100");
    Optional<Score> r = jmh.get("RelayBenchmark.smallRelay", "bulkMiB", "100");
    Optional<Score> bd = jmh.get("RelayBenchmark.bulkDirect", "bulkMiB", "100");
    Optional<Score> br = jmh.get("RelayBenchmark.bulkRelay", "bulkMiB", "100");
    line("| measure | relay / direct | direct | relay |");
    line("|---|---|---|---|");
    line("| small GET mean latency (JDK client) | " + ratio(r, d) + " | " + abs(d) + " | "
        + abs(r) + " |");
    line("| small GET p99 | " + pctRatio(r, d) + " | " + pct(d, false) + " | " + pct(r, false)
        + " |");
    line("| 100 MiB through a CONNECT tunnel, throughput | " + ratio(bd, br) + " | "
        + mibPerSecond(bd) + " | " + mibPerSecond(br) + " |");
    line("");
  }

  private void memory() {
    line("## Memory (used heap after full GC, SerialGC)\n");
    line("| measure | bytes |");
    line("|---|---|");
    mem("per ProxyAuthenticator (credentials, default schemes)", "authenticator.bytes");
    mem("per authenticated AuthExchange, NTLM (engine state of one connection)",
        "exchange.ntlm.bytes");
    mem("per authenticated AuthExchange, Basic", "exchange.basic.bytes");
    for (String s : List.of("none", "basic", "ntlm")) {
      mem("per idle OkHttp connection incl. client share, proxy scheme " + s,
          "okhttp.connection." + s + ".bytes");
    }
    for (String g : List.of("engine", "okhttp")) {
      String n = memory.getProperty("growth." + g + ".requests", "?");
      mem("used heap after " + (n.equals("?") ? "?" : Integer.parseInt(n) / 10) + " " + g
          + " exchanges", "growth." + g + ".at10.bytes");
      mem("used heap after " + n + " " + g + " exchanges", "growth." + g + ".end.bytes");
    }
    line("");
  }

  private void mem(String label, String key) {
    line("| " + label + " | " + memory.getProperty(key, "n/a") + " |");
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  static String ratio(Optional<Score> numerator, Optional<Score> denominator) {
    if (numerator.isEmpty() || denominator.isEmpty()) {
      return "n/a";
    }
    return fmt(numerator.get().value() / denominator.get().value()) + "x";
  }

  private static String pctRatio(Optional<Score> n, Optional<Score> d) {
    return n.flatMap(Score::p99).isEmpty() || d.flatMap(Score::p99).isEmpty() ? "n/a"
        : fmt(n.get().p99().get() / d.get().p99().get()) + "x";
  }

  private static String abs(Optional<Score> s) {
    return s.map(v -> fmt(v.value()) + " " + v.unit()).orElse("n/a");
  }

  private static String pct(Optional<Score> s, boolean median) {
    return s.flatMap(v -> (median ? v.p50() : v.p99()).map(p -> fmt(p) + " " + unitOf(v)))
        .orElse("n/a");
  }

  private static String unitOf(Score s) {
    return s.unit().replace("/op", "");
  }

  private static String perSecond(Optional<Score> s) {
    return s.filter(v -> v.unit().equals("us/op")).map(v -> fmt(1e6 / v.value())).orElse("n/a");
  }

  private static String mibPerSecond(Optional<Score> s) {
    return s.filter(v -> v.unit().equals("us/op"))
        .map(v -> fmt(100 / (v.value() / 1e6)) + " MiB/s").orElse("n/a");
  }

  private static String div(String a, String b) {
    try {
      return fmt(Double.parseDouble(a) / Double.parseDouble(b)) + "x";
    } catch (NumberFormatException e) {
      return "n/a";
    }
  }

  static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
  }

  static String today() {
    return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
