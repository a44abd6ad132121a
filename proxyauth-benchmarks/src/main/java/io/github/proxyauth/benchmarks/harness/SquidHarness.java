package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.it.squid.SquidBench;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import io.github.proxyauth.benchmarks.support.Origins;
import io.github.proxyauth.benchmarks.support.ProxyAt;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything measured against the real Squid lab, in one JVM with one lab: {@code SquidHarness
 * <short|full> <out.properties> <cli.jar> [parts]}; parts is a comma list of {@code roundtrips},
 * {@code peers}, {@code relay}, {@code endtoend}, {@code coldstart} (default all).
 */
public final class SquidHarness {
  private SquidHarness() {}

  /** Runs the parts and writes the properties file. */
  public static void main(String[] args) throws Exception {
    boolean full = args[0].equals("full");
    Path outFile = Path.of(args[1]);
    String parts = args.length > 3 ? args[3] : "roundtrips,peers,relay,endtoend,coldstart";
    Properties out = new Properties();
    Path squid = Path.of(System.getProperty("proxyauth.squid", "/usr/sbin/squid"));
    try (SquidBench lab = SquidBench.start(squid, outFile.toAbsolutePath().getParent()
        .resolve("squid-logs"))) {
      SquidRoundTrips rt = new SquidRoundTrips(lab, out,
          outFile.toAbsolutePath().getParent().resolve("cntlm"));
      if (parts.contains("roundtrips")) {
        rt.oneConnection();
      }
      if (parts.contains("peers")) {
        rt.peers();
      }
      Path work = outFile.toAbsolutePath().getParent().resolve("cntlm");
      if (parts.contains("relay")) {
        new SquidRelay(lab, out, work, full).run();
      }
      if (parts.contains("endtoend")) {
        endToEnd(lab, out, full);
      }
      if (parts.contains("coldstart")) {
        new CliColdStart(lab, Path.of(args[2]), out, work).run(full ? 10 : 2);
      }
    } finally {
      Files.createDirectories(outFile.toAbsolutePath().getParent());
      try (OutputStream o = Files.newOutputStream(outFile)) {
        out.store(o, "proxyauth against Squid");
      }
    }
    System.exit(0);
  }

  private static void endToEnd(SquidBench lab, Properties out, boolean full) throws Exception {
    try (Origins origins = Origins.start()) {
      Map<String, ProxyHandle> proxies = new LinkedHashMap<>();
      for (String scheme : EndToEnd.selected("proxyauth.e2e.schemes", EndToEnd.SCHEMES)) {
        proxies.put(scheme, new ProxyAt(lab.proxy(scheme.equals("none") ? "open" : scheme),
            origins));
      }
      EndToEnd e2e = new EndToEnd(out, Duration.ofSeconds(full ? 5 : 1),
          Duration.ofSeconds(full ? 20 : 2));
      e2e.proxyauth("e2e.squid", proxies, s -> lab.engine(s.equals("none") ? "open" : s));
      // The peer on the same Squid ports: how much of an auth scheme's cost is the proxy's.
      e2e.httpClient5Own("e2e.squid", proxies, SquidBench.USER, SquidBench.PASSWORD,
          SquidBench.DOMAIN);
    }
  }
}
