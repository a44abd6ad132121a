package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.WRONG;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code proxyauth doctor}: one test per outcome, each with its exit code. */
class DoctorTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD, "BAD", WRONG);
  static DemoOrigin origin;
  static String target;

  @BeforeAll
  static void startOrigin() throws Exception {
    origin = Cli.httpsOrigin();
    target = origin.url().toString();
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  @Test
  void workingRouteExitsZeroAndNamesTheScheme() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm")) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", proxy.url().toString(),
          "--user", Cli.user("ntlm"), "--password-env", "PW");
      assertThat(result.exit()).as(result.out()).isZero();
      assertThat(result.out()).contains("route: ", "chose ntlm", "result: OK (exit 0)");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void unreachableProxyExits3() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", "http://127.0.0.1:" + port,
        "--user", "alice", "--password-env", "PW");
    assertThat(result.exit()).as(result.out()).isEqualTo(3);
    assertThat(result.out()).contains("FAIL", "cannot reach proxy", "fix: ",
        "PROXY_UNREACHABLE (exit 3)").doesNotContain(PASSWORD);
  }

  @Test
  void wrongPasswordExits4AndSaysWhereThePasswordCameFrom() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic")) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", proxy.url().toString(),
          "--user", "alice", "--password-env", "BAD");
      assertThat(result.exit()).as(result.out()).isEqualTo(4);
      assertThat(result.out()).contains("--password-env BAD", "AUTHENTICATION_FAILED (exit 4)");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void noUsableSchemeExits5() throws Exception {
    try (TestProxy proxy = Cli.proxy("ntlm")) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", proxy.url().toString(),
          "--user", "alice", "--password-env", "PW", "--scheme", "basic");
      assertThat(result.exit()).as(result.out()).isEqualTo(5);
      assertThat(result.out()).contains("ntlm", "NO_USABLE_SCHEME (exit 5)");
      assertNoSecrets(result, proxy);
    }
  }

  @Test
  void malformedProxyUrlIsAConfigurationErrorExiting6() {
    Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy",
        "socks5://alice:" + PASSWORD + "@127.0.0.1:1080");
    assertThat(result.exit()).as(result.out()).isEqualTo(6);
    assertThat(result.out()).contains("FAIL", "config", "CONFIGURATION_ERROR (exit 6)")
        .doesNotContain(PASSWORD);
  }

  @Test
  void unsetPasswordVariableIsAConfigurationError() {
    Cli.Result result = Cli.run(Map.of(), "doctor", target, "--proxy", "http://127.0.0.1:3128",
        "--user", "alice", "--password-env", "NOPE", "--json");
    assertThat(result.exit()).isEqualTo(6);
    assertThat(result.out()).contains("\"outcome\":\"CONFIGURATION_ERROR\"",
        "variable to hold the password but it is not set");
  }

  @Test
  void jsonHasOutcomeExitCodeSchemeRouteAndSteps() throws Exception {
    try (TestProxy proxy = Cli.proxy("digest")) {
      Cli.Result result = Cli.run(ENV, "doctor", target, "--proxy", proxy.url().toString(),
          "--user", "alice", "--password-env", "PW", "--json", "-v");
      assertThat(result.exit()).as(result.all()).isZero();
      assertThat(result.out().strip())
          .startsWith("{\"schemaVersion\":1,\"target\":\"" + target + "\",\"ok\":true,"
              + "\"outcome\":\"OK\",\"exitCode\":0,\"scheme\":\"digest\",\"route\":{")
          .contains("\"steps\":[{\"name\":\"route\",\"status\":\"OK\",\"millis\":")
          .contains("{\"name\":\"authenticate\",\"status\":\"OK\"", "\"fix\":null")
          .endsWith("]}");
      assertNoSecrets(result, proxy);
    }
  }
}
