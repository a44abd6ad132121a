package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.it.squid.SquidBench;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

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
    } finally {
      Files.createDirectories(outFile.toAbsolutePath().getParent());
      try (OutputStream o = Files.newOutputStream(outFile)) {
        out.store(o, "proxyauth against Squid");
      }
    }
    System.exit(0);
  }
}
