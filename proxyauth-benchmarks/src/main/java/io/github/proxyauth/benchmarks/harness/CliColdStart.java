package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.it.squid.SquidBench;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the command line, interleaved with curl: wall time from starting the process to
 * its exit after fetching one http:// URL through Squid's NTLM port ({@code cli}: {@code proxyauth
 * fetch --scheme ntlm}; {@code curl}: {@code curl --proxy-ntlm}), next to the JVM floor ({@code
 * cli-help}: {@code proxyauth --help}, no network). One more CLI run counts the TLS classes it
 * loads for that http:// URL. Keys {@code cold.<case>} and {@code cold.cli.tlsClasses}.
 */
final class CliColdStart {
  private static final String PASSWORD_ENV = "PROXYAUTH_BENCH_PASSWORD";
  private static final String BODY = "hello from the origin";

  private final SquidBench lab;
  private final Path cliJar;
  private final Properties out;
  private final Path work;
  private int request;

  CliColdStart(SquidBench lab, Path cliJar, Properties out, Path work) {
    this.lab = lab;
    this.cliJar = cliJar;
    this.out = out;
    this.work = work;
  }

  void run(int rounds) throws Exception {
    if (!Files.isRegularFile(cliJar)) {
      System.out.println("cold start: no CLI jar at " + cliJar + ", rows stay empty");
      return;
    }
    Files.createDirectories(work);
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    ops.put("cli", () -> expect(run(cli(List.of())), BODY));
    ops.put("curl", () -> expect(run(curl()), "200"));
    ops.put("cli-help", () -> expect(run(List.of(java(), "-jar", cliJar.toString(), "--help")),
        "Usage"));
    Interleaved.forRounds(ops, 1, rounds).forEach((name, t) -> {
      t.store(out, "cold." + name);
      System.out.printf("cold start %s: median %.0f ms%n", name, t.percentileMicros(50) / 1e3);
    });
    Path classes = work.resolve("cli-classes.log");
    expect(run(cli(List.of("-Xlog:class+load=info:file=" + classes))), BODY);
    long tls = Files.readAllLines(classes).stream().filter(l -> l.contains("sun.security.ssl.")
        || l.contains("javax.net.ssl.")).count();
    out.setProperty("cold.cli.tlsClasses", Long.toString(tls));
    out.setProperty("cold.cli.classes", Integer.toString(Files.readAllLines(classes).size()));
    System.out.println("cold start cli: " + tls + " TLS classes loaded for an http:// URL");
  }

  private List<String> cli(List<String> jvmOptions) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", cliJar.toString(), "fetch", url(), "--proxy",
        "http://127.0.0.1:" + lab.proxy("ntlm").getPort(), "--user",
        SquidBench.DOMAIN + "\\" + SquidBench.USER, "--password-env", PASSWORD_ENV,
        "--scheme", "ntlm"));
    return command;
  }

  private List<String> curl() {
    return List.of("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-x",
        "http://127.0.0.1:" + lab.proxy("ntlm").getPort(), "--proxy-ntlm", "-U",
        SquidBench.USER + ":" + SquidBench.PASSWORD, url());
  }

  private String url() {
    return lab.httpUrl("/cold/" + (++request));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    b.environment().put(PASSWORD_ENV, SquidBench.PASSWORD);
    Process p = b.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("Expected " + command.get(0) + " to finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("Expected exit 0 from " + command.get(0) + " but got "
          + p.exitValue() + ": " + output);
    }
    return output;
  }

  private static void expect(String output, String expected) throws IOException {
    if (!output.contains(expected)) {
      throw new IOException("Expected output containing '" + expected + "' but got: " + output);
    }
  }
}
