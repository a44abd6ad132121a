package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.TestProxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Negotiate through the CLI against a real embedded KDC. One class, run sequentially: Kerby
 * allows one KDC per JVM and the JDK's Kerberos configuration is JVM-wide.
 */
class NegotiateTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD);
  static TestKdc kdc;
  static TestProxy proxy;
  static DemoOrigin http;
  static DemoOrigin https;
  static String alice;
  static Path aliceKeytab;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kdc = TestKdc.start();
    alice = kdc.addPrincipal("alice", PASSWORD);
    aliceKeytab = kdc.exportKeytab(dir.resolve("alice.keytab"), alice);
    proxy = TestProxy.builder().negotiate(kdc.createServicePrincipal("HTTP/localhost"),
        kdc.principal("HTTP/localhost")).build();
    http = DemoOrigin.http();
    https = Cli.httpsOrigin();
  }

  @AfterAll
  static void stop() throws Exception {
    http.close();
    https.close();
    proxy.close();
    kdc.close();
  }

  private static String proxyUrl() {
    return "http://localhost:" + proxy.port(); // Negotiate needs the name of HTTP/localhost
  }

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"okhttp,false", "okhttp,true", "jdk,false", "jdk,true"})
  void fetchAuthenticatesWithAPasswordLogin(String client, boolean tls) throws Exception {
    Cli.Result result = Cli.run(ENV, "fetch", (tls ? https : http).url().toString(), "--proxy",
        proxyUrl(), "--scheme", "negotiate", "--principal", alice, "--password-env", "PW",
        "--krb5-conf", kdc.krb5Conf().toString(), "--client", client, "--cacert",
        Cli.caFile(dir).toString(), "--json", "-v");
    assertThat(result.exit()).as(result.all()).isZero();
    assertThat(result.out()).contains("\"status\":200", "\"scheme\":\"negotiate\"");
    assertNoSecrets(result, proxy);
  }

  @Test
  void fetchAuthenticatesWithAKeytabAmongAllSchemes() throws Exception {
    Cli.Result result = Cli.run(Map.of(), "fetch", https.url().toString(), "--proxy", proxyUrl(),
        "--principal", alice, "--keytab", aliceKeytab.toString(), "--krb5-conf",
        kdc.krb5Conf().toString(), "--insecure", "-v");
    assertThat(result.exit()).as(result.all()).isZero();
    assertThat(result.out()).isEqualTo(DemoOrigin.GREETING);
    assertThat(result.err()).containsPattern("Proxy-Authorization: Negotiate <redacted>");
    assertNoSecrets(result, proxy);
  }

  @Test
  void doctorPassesWithKerberosAndFailsClearlyWithout() throws Exception {
    Cli.Result ok = Cli.run(ENV, "doctor", https.url().toString(), "--proxy", proxyUrl(),
        "--principal", alice, "--password-env", "PW", "--krb5-conf", kdc.krb5Conf().toString());
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("chose negotiate");
    Cli.Result none = Cli.run(Map.of("KRB5CCNAME", "FILE:" + dir.resolve("missing.cc")),
        "doctor", https.url().toString(), "--proxy", proxyUrl(), "--krb5-conf",
        kdc.krb5Conf().toString());
    assertThat(none.exit()).as(none.out()).isEqualTo(5);
    assertThat(none.out()).contains("negotiate", "NO_USABLE_SCHEME");
    assertNoSecrets(ok, proxy);
    assertNoSecrets(none, proxy);
  }
}
