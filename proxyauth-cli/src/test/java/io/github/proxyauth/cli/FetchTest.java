package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.WRONG;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code proxyauth fetch} against TestProxy: every password scheme, both clients, both URLs. */
class FetchTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD, "BAD", WRONG);
  static DemoOrigin http;
  static DemoOrigin https;
  @TempDir static Path dir;

  @BeforeAll
  static void startOrigins() throws Exception {
    http = DemoOrigin.http();
    https = Cli.httpsOrigin();
  }

  @AfterAll
  static void stopOrigins() {
    http.close();
    https.close();
  }

  static Stream<Arguments> matrix() {
    return Stream.of("basic", "digest", "ntlm").flatMap(scheme -> Stream.of("okhttp", "jdk")
        .flatMap(client -> Stream.of(false, true).map(tls -> Arguments.of(scheme, client, tls))));
  }

  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("matrix")
  void fetchPrintsTheBodyThroughEveryScheme(String scheme, String client, boolean tls)
      throws Exception {
    try (TestProxy proxy = Cli.proxy(scheme)) {
      Cli.Result result = Cli.run(ENV, "fetch", (tls ? https : http).url().toString(),
          "--proxy", proxy.url().toString(), "--user", Cli.user(scheme), "--password-env", "PW",
          "--client", client, "--cacert", Cli.caFile(dir).toString());
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).isEqualTo(DemoOrigin.GREETING);
      assertThat(proxy.requests()).anyMatch(r -> r.header("Proxy-Authorization").isPresent());
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void jsonReportsStatusSchemeAttemptsRequestsAndConnections() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm")) {
      Cli.Result result = Cli.run(ENV, "fetch", https.url().toString(), "--proxy",
          proxy.url().toString(), "--user", Cli.user("ntlm"), "--password-env", "PW",
          "--insecure", "--repeat", "2", "--json");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out().strip()).startsWith("{\"url\":\"" + https.url() + "\"")
          .contains("\"client\":\"okhttp\"", "\"ok\":true", "\"outcome\":\"OK\"",
              "\"status\":200", "\"scheme\":\"ntlm\"", "\"attempts\":2", "\"challenges\":2",
              "\"proxyRequests\":3", "\"proxyConnections\":1", "\"error\":null")
          .contains("\"results\":[{", "\"bytes\":" + DemoOrigin.GREETING.length())
          .endsWith("}").doesNotContain("\n");
      assertThat(proxy.requestCount()).isEqualTo(3);
      assertThat(proxy.connectionCount()).isEqualTo(1);
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void jsonOfTheJdkClientCountsFromAuthEvents() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      Cli.Result result = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
          proxy.url().toString(), "--user", "alice", "--password-env", "PW", "--client", "jdk",
          "--json");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).contains("\"client\":\"jdk\"", "\"scheme\":\"basic\"",
          "\"proxyRequests\":2", "\"proxyConnections\":null");
      assertThat(proxy.requestCount()).isEqualTo(2);
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void verboseShowsEachExchangeWithCredentialsMasked() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm")) {
      Cli.Result result = Cli.run(ENV, "fetch", https.url().toString(), "-v", "--proxy",
          proxy.url().toString(), "--user", Cli.user("ntlm"), "--password-env", "PW",
          "--cacert", Cli.caFile(dir).toString());
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.err()).contains("* route: ", "challenged: offered: ntlm",
          "< 407 ", "> CONNECT 127.0.0.1:", "succeeded [ntlm]", "tunnel established")
          .containsPattern("> Proxy-Authorization: NTLM <redacted>")
          .containsPattern("< Proxy-Authenticate: NTLM <redacted>");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void verboseKeepsAPasswordInTheTargetUrlOutOfTheOutput() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      String target = http.url().toString().replace("http://", "http://bob:" + WRONG + "@");
      Cli.Result result = Cli.run(ENV, "fetch", target, "-v", "--proxy", proxy.url().toString(),
          "--user", "alice", "--password-env", "PW");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.err()).contains("> GET http://127.0.0.1:");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void wrongPasswordFailsWithTheDiagnosisAndExitCode4() throws Exception {
    try (TestProxy proxy = Cli.proxy("digest")) {
      for (String client : new String[] {"okhttp", "jdk"}) {
        Cli.Result result = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
            proxy.url().toString(), "--user", "alice", "--password-env", "BAD", "--client",
            client);
        assertThat(result.exit()).as(client + ": " + result.err()).isEqualTo(4);
        assertThat(result.err()).contains("AUTHENTICATION_FAILED", "CREDENTIALS_REJECTED",
            "--password-env BAD");
        assertThat(result.out()).isEmpty();
        assertNoSecrets(result, proxy);
      }
    }
  }

  @Test
  void passwordFromTheProxyUrlWorksAndStaysOutOfTheOutput() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      String url = "http://alice:" + PASSWORD + "@127.0.0.1:" + proxy.port();
      Cli.Result result = Cli.run(Map.of(), "fetch", http.url().toString(), "--proxy", url,
          "-v", "--json");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).contains("\"scheme\":\"basic\"");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void passwordFileIsRead() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    try (TestProxy proxy = Cli.proxy("digest")) {
      Cli.Result result = Cli.run(Map.of(), "fetch", http.url().toString(), "--proxy",
          proxy.url().toString(), "--user", "alice", "--password-file", file.toString());
      assertThat(result.exit()).as(result.err()).isZero();
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void proxyFromTheEnvironmentIsDiscovered() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      Map<String, String> env = Map.of("http_proxy", "http://alice:" + PASSWORD + "@127.0.0.1:"
          + proxy.port());
      Cli.Result result = Cli.run(env, "fetch", http.url().toString(), "-v");
      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.err()).contains("* route: ").contains("http_proxy");
      assertThat(proxy.requestCount()).isEqualTo(2);
      assertNoSecrets(result, proxy);
    }
  }

  static Stream<Arguments> stalledProxies() {
    return Stream.of(Fault.SILENT, Fault.DRIPPED_407_HEAD).flatMap(fault -> Stream.of("okhttp",
        "jdk").flatMap(client -> Stream.of(false, true).map(tls -> Arguments.of(fault, client,
        tls))));
  }

  /**
   * A proxy that never answers, or drips its 407 a byte per 200 ms (about a minute), fails the
   * fetch with the handshake deadline of {@code --timeout}: a PROXY_TIMEOUT diagnosis and exit 3,
   * long before either client's own timeout (60 s).
   */
  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("stalledProxies")
  void aStalledProxyHandshakeEndsAtTheTimeoutWithItsDiagnosis(Fault fault, String client,
      boolean tls) throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      proxy.injectFaults(fault);
      long start = System.nanoTime();
      Cli.Result result = Cli.run(ENV, "fetch", (tls ? https : http).url().toString(),
          "--proxy", proxy.url().toString(), "--user", "alice", "--password-env", "PW",
          "--client", client, "--insecure", "--timeout", "1s");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(result.exit()).as(result.err()).isEqualTo(3);
      assertThat(result.flatErr()).contains("PROXY_TIMEOUT").contains("127.0.0.1:" + proxy.port());
      assertThat(result.out()).isEmpty();
      assertThat(millis).as("not the clients' own 60 s timeouts").isLessThan(30_000);
      assertNoSecrets(result, proxy);
    }
  }
}
