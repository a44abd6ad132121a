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
 * <memory.properties> <out.md> <load-at-start> <command> <squid.properties>
 * <testkit.properties>}. Ratios and counts are the headline; absolute values follow them.
 */
public final class Report {
  private static final String C = "HeaderComputationBenchmark.";
  private final StringBuilder md = new StringBuilder();
  private final Results jmh;
  private final Properties cold;
  private final Properties memory;
  private final Properties squid;
  private final Properties kit;

  Report(Results jmh, Properties cold, Properties memory, Properties squid, Properties kit) {
    this.jmh = jmh;
    this.cold = cold;
    this.memory = memory;
    this.squid = squid;
    this.kit = kit;
  }

  /** Writes the report; see the class comment for the arguments. */
  public static void main(String[] a) throws IOException {
    Report r = new Report(Results.of(Files.readString(Path.of(a[1]))), load(Path.of(a[2])),
        load(Path.of(a[3])), load(Path.of(a[7])), load(Path.of(a[8])));
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
    ReportText.howMeasured(md);
    Sections sections = new Sections(md, squid, kit);
    sections.goals();
    sections.roundTrips();
    sections.relay();
    sections.concurrency();
    sections.endToEnd();
    sections.cliColdStart();
    parsing();
    headers();
    coldStart();
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

  private void memory() {
    line("## Memory (used heap after full GC, SerialGC)\n");
    line("Median over " + memory.getProperty("exchange.ntlm.samples", "?") + " samples taken in"
        + " turns (the first, warm-up sample dropped), with the range; each sample holds"
        + " thousands of instances (OkHttp: " + memory.getProperty("okhttp.connection.none"
        + ".samples", "?") + " samples of idle connections).\n");
    line("| measure | bytes (median) | range |");
    line("|---|---|---|");
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
    String base = key.substring(0, key.length() - ".bytes".length());
    String range = memory.containsKey(base + ".min") ? memory.getProperty(base + ".min") + " .. "
        + memory.getProperty(base + ".max") : "";
    line("| " + label + " | " + memory.getProperty(key, "n/a") + " | " + range + " |");
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

  private static String abs(Optional<Score> s) {
    return s.map(v -> fmt(v.value()) + " " + v.unit()).orElse("n/a");
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
