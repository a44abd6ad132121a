package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.WRONG;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxyauth doctor} as a CI gate: each failure class exits with its own code. */
class DoctorGateTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD, "BAD", WRONG);
  static DemoOrigin origin;
  static String target;
  @TempDir Path dir;

  @BeforeAll
  static void startOrigin() throws Exception {
    origin = Cli.httpsOrigin();
    target = origin.url().toString();
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  Path pacFile(String result) throws Exception {
    return Files.writeString(dir.resolve("proxy.pac"),
        "function FindProxyForURL(url, host) { return '" + result + "'; }");
  }

  static Map<String, String> env(String name, String value) {
    Map<String, String> env = new HashMap<>(ENV);
    env.put(name, value);
    return env;
  }

  @Test
  void tunnelFailureAfterLoginExits7() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      Cli.Result result = Cli.run(ENV, "doctor", "https://127.0.0.1:" + Cli.closedPort() + "/",
          "--proxy", proxy.url().toString(), "--user", "alice", "--password-env", "PW");
      assertThat(result.exit()).as(result.out()).isEqualTo(7);
      assertThat(result.out()).contains("TUNNEL_FAILED (exit 7)", "authenticated with basic",
          "502");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void unreachableOriginOnAProxyWithoutAuthExits7() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build()) {
      Cli.Result result = Cli.run(ENV, "doctor", "http://127.0.0.1:" + Cli.closedPort() + "/",
          "--proxy", proxy.url().toString());
      assertThat(result.exit()).as(result.out()).isEqualTo(7);
    }
  }

  @Test
  void noProxyConfiguredExits8() {
    Cli.Result result = Cli.run(Map.of(), "doctor", target);
    assertThat(result.exit()).as(result.out()).isEqualTo(8);
    assertThat(result.out()).contains("NO_PROXY_CONFIGURED (exit 8)", "https_proxy");
  }

  @Test
  void failingPacFileExits6() throws Exception {
    Path pac = Files.writeString(dir.resolve("bad.pac"),
        "function FindProxyForURL(url, host) { return 'PROXY nonsense'; }");
    Cli.Result result = Cli.run(Map.of(), "doctor", target, "--pac", pac.toString());
    assertThat(result.exit()).as(result.out()).isEqualTo(6);
    assertThat(result.out()).contains("PAC script failed", "Malformed PAC result");
  }

  @Test
  void pacThatCannotBeLoadedExits6() {
    Cli.Result result = Cli.run(Map.of(), "doctor", target, "--pac",
        dir.resolve("missing.pac").toString());
    assertThat(result.exit()).as(result.out()).isEqualTo(6);
    assertThat(result.out()).contains("--pac", "missing.pac");
  }

  @Test
  void pacFromTheEnvironmentChecksEveryProxyOfTheFailoverList() throws Exception {
    try (TestProxy proxy = Cli.proxy("digest")) {
      Path pac = pacFile("PROXY 127.0.0.1:" + Cli.closedPort() + "; PROXY 127.0.0.1:"
          + proxy.port());
      Cli.Result result = Cli.run(env("PROXYAUTH_PAC", pac.toString()), "doctor", target,
          "--user", "alice", "--password-env", "PW");
      assertThat(result.exit()).as(result.out()).isZero();
      assertThat(result.out()).contains("proxy1.connect", "proxy2.authenticate",
          "fail over to 127.0.0.1:" + proxy.port());
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void unresolvableProxyFixMentionsDns() {
    Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy",
        "http://no-such-proxy.invalid:3128");
    assertThat(result.exit()).as(result.out()).isEqualTo(3);
    assertThat(result.out().replaceAll("\\s+", " ")).contains("check DNS");
  }

  @Test
  void credentialsFileAnswersTheProxy() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm")) {
      Path file = Files.writeString(dir.resolve("credentials"), "127.0.0.1:" + proxy.port()
          + " CORP\\alice " + PASSWORD + "\n");
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions
          .fromString("rw-------"));
      Cli.Result result = Cli.run(Map.of(), "doctor", target, "--proxy",
          proxy.url().toString(), "--credentials-file", file.toString());
      assertThat(result.exit()).as(result.all()).isZero();
      assertThat(result.out()).contains("authenticated with ntlm");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void malformedCredentialsFileExits6WithoutThePassword() throws Exception {
    Path file = Files.writeString(dir.resolve("credentials"), "127.0.0.1:3128 " + PASSWORD
        + "\n");
    Cli.Result result = Cli.run(Map.of(), "doctor", target, "--proxy", "http://127.0.0.1:3128",
        "--credentials-file", file.toString());
    assertThat(result.exit()).as(result.out()).isEqualTo(6);
    assertThat(result.out()).contains("--credentials-file", "line 1").doesNotContain(PASSWORD);
  }

  @Test
  void timeoutOptionIsCheckedAndBoundsTheRead() throws Exception {
    assertThat(Cli.run(Map.of(), "doctor", "--timeout", "0").exit()).isEqualTo(2);
    assertThat(Cli.run(Map.of(), "doctor", "--timeout", "ten").exit()).isEqualTo(2);
    // A proxy that accepts the connection and never answers: the read times out, bounded.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", "http://127.0.0.1:"
          + silent.getLocalPort(), "--timeout", "300ms");
      assertThat(result.exit()).as(result.out()).isEqualTo(3);
      assertThat(result.out()).contains("timed out");
    }
  }

  @Test
  void jsonNamesTheChosenSchemeEvenWhenItFailed() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", proxy.url().toString(),
          "--user", "alice", "--password-env", "BAD", "--json");
      assertThat(result.exit()).isEqualTo(4);
      assertThat(result.out()).contains("\"scheme\":\"basic\"", "\"schemaVersion\":1",
          "\"route\":{\"source\":\"EXPLICIT\",\"proxies\":[{\"type\":\"HTTP\",\"host\":"
              + "\"127.0.0.1\",\"port\":" + proxy.port() + "}]");
      assertNoSecrets(result, proxy);
    }
  }
}
