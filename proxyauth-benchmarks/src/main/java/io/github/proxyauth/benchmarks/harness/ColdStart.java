package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.NtlmFixture;
import io.github.proxyauth.benchmarks.support.SharedKdc;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.auth.NTLMScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.ParserCursor;

/**
 * Cold start: the time from {@code main} to the first NTLM (Type 1 + Type 3) and the first
 * Negotiate header in a fresh JVM, measured in N child JVMs per case, next to the second header
 * in the same JVM. {@code ColdStart run <n> <out.properties>} runs the children (the parent holds
 * the KDC and makes a real Type 2); {@code ColdStart child <case> <args>} is one child.
 */
public final class ColdStart {
  /** The cases, in report order. */
  public static final List<String> CASES = List.of("ntlm", "ntlm-httpclient5", "negotiate");

  private ColdStart() {}

  /** Runs the parent or one child; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("child")) {
      long[] nanos = child(args[1], Arrays.copyOfRange(args, 2, args.length));
      System.out.println("RESULT " + nanos[0] + " " + nanos[1]);
      System.exit(0);
    }
    run(Integer.parseInt(args[1]), Path.of(args[2]));
    System.exit(0);
  }

  /** Returns {first, second} header nanos for {@code kase}, measured from this call. */
  public static long[] child(String kase, String[] args) throws Exception {
    long t0 = System.nanoTime();
    header(kase, args);
    long t1 = System.nanoTime();
    header(kase, args);
    return new long[] {t1 - t0, System.nanoTime() - t1};
  }

  private static String header(String kase, String[] args) throws Exception {
    return switch (kase) {
      case "ntlm" -> {
        AuthSession s = AuthScheme.ntlm().newSession(Fixtures.context("NTLM"));
        s.respond(Challenge.of("NTLM"));
        yield s.respond(Challenge.ofToken68("NTLM", args[0]));
      }
      case "ntlm-httpclient5" -> httpclient5Ntlm(args[0]);
      case "negotiate" -> SharedKdc.negotiate(args[0], args[1])
          .newSession(Fixtures.context("Negotiate")).respond(Challenge.of("Negotiate"));
      default -> throw new IllegalArgumentException("Expected a case of " + CASES + " but got "
          + kase);
    };
  }

  @SuppressWarnings("deprecation")
  private static String httpclient5Ntlm(String type2) throws Exception {
    HttpHost proxy = new HttpHost("http", Fixtures.PROXY_HOST, Fixtures.PROXY_PORT);
    var credentials = CredentialsProviderBuilder.create().add(new AuthScope(proxy),
        new NTCredentials(Fixtures.USER, Fixtures.PASSWORD.toCharArray(), "WORKSTATION",
            Fixtures.DOMAIN)).build();
    var request = new BasicHttpRequest("GET", "http://origin.bench.test/index.html");
    NTLMScheme scheme = new NTLMScheme();
    HttpClientContext context = HttpClientContext.create();
    scheme.processChallenge(parse("NTLM"), context);
    scheme.isResponseReady(proxy, credentials, context);
    scheme.generateAuthResponse(proxy, request, context);
    scheme.processChallenge(parse("NTLM " + type2), context);
    return scheme.generateAuthResponse(proxy, request, context);
  }

  private static org.apache.hc.client5.http.auth.AuthChallenge parse(String v) throws Exception {
    return AuthChallengeParser.INSTANCE.parse(ChallengeType.PROXY, v,
        new ParserCursor(0, v.length())).get(0);
  }

  private static void run(int n, Path out) throws Exception {
    SharedKdc kdc = SharedKdc.get();
    String type2 = new NtlmFixture().type2();
    Map<String, List<String>> childArgs = Map.of("ntlm", List.of(type2),
        "ntlm-httpclient5", List.of(type2), "negotiate", List.of(kdc.client(), kdc.service()));
    Properties results = new Properties();
    for (String kase : CASES) {
      List<long[]> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        runs.add(spawn(kase, childArgs.get(kase), kdc.krb5Conf()));
      }
      results.setProperty(kase + ".first.ms", ms(median(runs, 0)));
      results.setProperty(kase + ".second.ms", ms(median(runs, 1)));
      results.setProperty(kase + ".runs", Integer.toString(n));
      System.out.println("cold start " + kase + ": first " + ms(median(runs, 0)) + " ms, second "
          + ms(median(runs, 1)) + " ms (median of " + n + " JVMs)");
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      results.store(o, "proxyauth cold start");
    }
  }

  private static long[] spawn(String kase, List<String> args, Path krb5Conf) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command()
        .orElse("java"), "-Djava.security.krb5.conf=" + krb5Conf, "-cp",
        System.getProperty("java.class.path"), ColdStart.class.getName(), "child", kase));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.US_ASCII))) {
      String line = r.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("");
      if (!p.waitFor(120, TimeUnit.SECONDS) || line.isEmpty()) {
        p.destroyForcibly();
        throw new IOException("cold-start child " + kase + " gave no RESULT line");
      }
      String[] f = line.split(" ");
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }
  }

  private static long median(List<long[]> runs, int index) {
    long[] v = runs.stream().mapToLong(r -> r[index]).sorted().toArray();
    return v[v.length / 2];
  }

  private static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
