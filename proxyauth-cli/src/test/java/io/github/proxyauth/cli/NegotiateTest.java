package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
  void serveReadsTheTicketCacheAgainWhenKinitRenewsItWithoutARestart() throws Exception {
    Path cache = kdc.kinit(alice, PASSWORD, dir.resolve("serve.cc"), Duration.ofSeconds(30));
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--proxy",
        proxyUrl(), "--scheme", "negotiate", "--ccache", cache.toString(), "--krb5-conf",
        kdc.krb5Conf().toString(), "--access-log", "-")) {
      HttpClient client = serve.client(ServeTest.TRUST);
      // A TGT with 30 s left counts as expired: a handshake must not outlive it.
      HttpResponse<String> expired = ServeRun.get(client, http.url());
      assertThat(expired.statusCode()).isEqualTo(407);
      assertThat(expired.headers().firstValue("Proxy-Auth-Diagnosis").orElse("")
          + expired.body()).contains("expired", "kinit");

      kdc.kinit(alice, PASSWORD, cache); // what kinit (or a renewal daemon) does

      HttpResponse<String> renewed = ServeRun.get(client, http.url());
      assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
      assertThat(renewed.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(ServeRun.get(client, https.url()).body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(serve.stop()).isZero();
      assertThat(serve.err.text()).contains("scheme=negotiate status=200");
      assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), proxy);
    }
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
