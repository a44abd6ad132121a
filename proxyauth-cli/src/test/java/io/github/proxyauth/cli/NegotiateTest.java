package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
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

  /**
   * Keytab renewal end to end: tickets of {@code TICKET_SECONDS} from a krb5.conf that asks for
   * them, so that a TGT counts as expired (less than a minute left) a few seconds after the login
   * instead of a day; requests before and after that point pass, and the KDC served a new login.
   */
  @Test
  void serveLogsInAgainFromItsKeytabWhenItsTicketNearsItsEnd() throws Exception {
    long ticketSeconds = 64; // the renewal point: 4 s after the login (60 s before the end)
    Path conf = Files.writeString(dir.resolve("short-tickets.conf"), Files.readString(
        kdc.krb5Conf()).replace("ticket_lifetime = 24h", "ticket_lifetime = " + ticketSeconds));
    try (ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--proxy",
        proxyUrl(), "--scheme", "negotiate", "--principal", alice, "--keytab",
        aliceKeytab.toString(), "--krb5-conf", conf.toString(), "--access-log", "-")) {
      HttpClient client = serve.client(ServeTest.TRUST);
      int beforeLogin = kdc.asRequests(alice);

      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      Instant loggedIn = Instant.now(); // the TGT was issued before this: it ends before +64 s
      int firstLogin = kdc.asRequests(alice);
      assertThat(firstLogin).as("serve logged in from its keytab").isGreaterThan(beforeLogin);
      assertThat(ServeRun.get(client, https.url()).body()).isEqualTo(DemoOrigin.GREETING);

      // Wait, bounded, on the ticket's clock: past the renewal point (+1 s for whole seconds).
      awaitClock(loggedIn.plusSeconds(ticketSeconds - 60 + 1));
      // A new client, so a new tunnel: its CONNECT needs a Negotiate token, hence a fresh TGT.
      // (The first client's tunnel and serve's pooled http connection are authenticated and
      // stay usable; they need no ticket.)
      HttpResponse<String> renewed = ServeRun.get(serve.client(ServeTest.TRUST), https.url());
      assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
      assertThat(renewed.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(kdc.asRequests(alice)).as("a new TGT: serve logged in again")
          .isGreaterThan(firstLogin);
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      assertThat(serve.stop()).isZero();
      assertThat(serve.err.text()).contains("scheme=negotiate status=200")
          .doesNotContain("status=407");
      assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), proxy);
    }
  }

  /** Waits until the clock passed {@code instant} (at most about 10 s: the test's own times). */
  private static void awaitClock(Instant instant) {
    Instant bound = Instant.now().plusSeconds(10);
    assertThat(instant).isBefore(bound);
    for (Instant now = Instant.now(); now.isBefore(instant); now = Instant.now()) {
      LockSupport.parkNanos(Duration.between(now, instant).toNanos()); // time must pass here
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
