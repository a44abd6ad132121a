package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real {@code proxyauth serve} command ({@link ServeProcess}, a child JVM) in front of each
 * Squid port, used by the real curl for the http and the https origin. The right password: curl
 * gets the echo, the origin got the POST, Squid's log names the user, {@code /healthz} is ready,
 * {@code /metrics} counts both requests, the access log has a line for each with the route and
 * scheme, SIGTERM exits 0. A wrong one: curl sees serve's 407 with the diagnosis, nothing reaches
 * the origin, {@code /healthz} is not ready. Either way no canary secret (the password, a Basic
 * answer made of it, an NTLM message) is in serve's output, access log or metrics.
 */
@ExtendWith(SquidExtension.class)
class ServeCommandTest {
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final String PASSWORD_VARIABLE = "PROXYAUTH_IT_PASSWORD";
  private static final String HEALTH_PATH = "/serve-health/ok";
  private static ToolOrigins origins;

  private final SquidLab lab;

  ServeCommandTest(SquidLab lab) {
    this.lab = lab;
  }

  @BeforeAll
  static void startOrigins(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("www"));
    // /healthz checks the route to this URL (a GET probe through Squid): a file, so a 200.
    Files.createDirectories(root.resolve("serve-health"));
    Files.writeString(root.resolve(HEALTH_PATH.substring(1)), "ok\n");
    origins = ToolOrigins.start(root);
  }

  @AfterAll
  static void stopOrigins() {
    origins.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = SquidPort.class, names = {"BASIC", "DIGEST", "NTLM", "NEGOTIATE"})
  void curlThroughServeReachesBothOriginsAsTheUser(SquidPort port, @TempDir Path work)
      throws Exception {
    int mark = lab.accessLog().mark();
    try (ServeProcess serve = ServeProcess.start(work.resolve("serve"),
        options(port, SquidLab.PASSWORD, work), Map.of(PASSWORD_VARIABLE, SquidLab.PASSWORD))) {
      List<ClientTrip> trips = new ArrayList<>();
      for (String target : List.of("http", "https")) {
        ClientTrip trip = trip(serve, port, target, "right", work);
        ClientOutcome outcome = RealClient.CURL.run(trip);
        assertThat(outcome.succeeded()).as(outcome.transcript()).isTrue();
        assertThat(outcome.status()).as(outcome.transcript()).hasValue(200);
        assertThat(outcome.body()).isEqualTo(RealClient.CURL.expectedBody(trip));
        assertThat(origins.hits(trip.caseId())).extracting(ToolOrigins.Hit::line)
            .containsAll(RealClient.CURL.expectedHits(trip));
        trips.add(trip);
      }
      List<String> log = serve.awaitAccessLog(2);
      assertThat(log).hasSize(2).allSatisfy(line -> assertThat(line)
          .contains(" route=\"" + LocalProxyFixture.route(lab, port) + "\" ")
          .contains(" scheme=" + port.label() + " ").contains(" status=200 ")
          .contains(" failure=-"));
      assertThat(log).anySatisfy(line -> assertThat(line)
          .contains(" method=POST target=" + trips.get(0).url("/echo") + " "));
      assertThat(log).anySatisfy(line -> assertThat(line)
          .contains(" method=CONNECT target=https://127.0.0.1:" + originPort(trips.get(1)) + " "));
      assertSquidNamedTheUser(mark, port, trips);
      HttpResponse<String> health = serve.admin("/healthz");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).startsWith("ready");
      String metrics = serve.admin("/metrics").body();
      assertThat(metrics).contains("proxyauth_serve_requests_total{status=\"200\"} 2");
      assertThat(serve.stop()).as(serve.output()).isZero();
      keep(port, "right", serve, metrics);
      assertNoSecret(serve, metrics, SquidLab.PASSWORD);
    }
    assertThat(origins.leaks()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = SquidPort.class, names = {"BASIC", "DIGEST", "NTLM", "NEGOTIATE"})
  void wrongPasswordGetsServes407AndNothingPasses(SquidPort port, @TempDir Path work)
      throws Exception {
    try (ServeProcess serve = ServeProcess.start(work.resolve("serve"),
        options(port, SquidLab.WRONG_PASSWORD, work),
        Map.of(PASSWORD_VARIABLE, SquidLab.WRONG_PASSWORD))) {
      for (String target : List.of("http", "https")) {
        ClientTrip trip = trip(serve, port, target, "wrong", work);
        ClientOutcome outcome = RealClient.CURL.run(trip);
        assertThat(outcome.succeeded()).as(outcome.transcript()).isFalse();
        assertThat(outcome.status()).as(outcome.transcript()).hasValue(407);
        assertThat(outcome.diagnosis()).as(outcome.transcript()).get(InstanceOfAssertFactories
            .STRING).contains(port.wrongPasswordReason().name())
            .doesNotContain(SquidLab.WRONG_PASSWORD);
        assertThat(origins.hits(trip.caseId())).isEmpty();
      }
      assertThat(serve.awaitAccessLog(2)).hasSize(2).allSatisfy(line -> assertThat(line)
          .contains(" route=\"" + LocalProxyFixture.route(lab, port) + "\" ")
          .contains(" status=407 ")
          .endsWith(" failure=" + port.wrongPasswordReason().name()));
      HttpResponse<String> health = serve.admin("/healthz");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      String metrics = serve.admin("/metrics").body();
      assertThat(metrics).contains("proxyauth_serve_requests_total{status=\"407\"} 2");
      assertThat(serve.stop()).as(serve.output()).isZero();
      keep(port, "wrong", serve, metrics);
      assertNoSecret(serve, metrics, SquidLab.WRONG_PASSWORD);
    }
    assertThat(origins.leaks()).isEmpty();
  }

  /**
   * Returns serve's options for Squid's {@code port}: alice's password from a variable, or for
   * Negotiate her Kerberos login from the lab KDC (a keytab for the right password, since a
   * keytab holds no wrong one; the password option for the wrong one).
   */
  private List<String> options(SquidPort port, String password, Path work) throws IOException {
    List<String> options = new ArrayList<>(List.of("--proxy", "http://127.0.0.1:"
        + lab.port(port), "--health-url", origins.url("http", "serve-health", "/ok")));
    if (port != SquidPort.NEGOTIATE) {
      options.addAll(List.of("--user", SquidLab.USER, "--password-env", PASSWORD_VARIABLE));
      return options;
    }
    options.addAll(List.of("--krb5-conf", lab.krb5Conf().toString(),
        "--principal", lab.principal()));
    if (password.equals(SquidLab.PASSWORD)) {
      Path keytab = lab.kdc().exportKeytab(work.resolve("alice.keytab"), SquidLab.USER);
      options.addAll(List.of("--keytab", keytab.toString()));
    } else {
      options.addAll(List.of("--password-env", PASSWORD_VARIABLE));
    }
    return options;
  }

  private static ClientTrip trip(ServeProcess serve, SquidPort port, String target, String kind,
      Path work) throws IOException {
    // Unique per attempt: a rerun of a failed case must not see the first attempt's requests.
    String caseId = String.join("-", "serve", port.label(), target, kind,
        Integer.toString(CASES.incrementAndGet()));
    return new ClientTrip(caseId, target, serve.address(), origins,
        Files.createDirectories(work.resolve(target)));
  }

  /** Squid let the POST and the tunnel through, as alice (her principal for Negotiate). */
  private void assertSquidNamedTheUser(int mark, SquidPort port, List<ClientTrip> trips) {
    String post = URI.create(trips.get(0).url("/echo")).getPath();
    String tunnel = "127.0.0.1:" + originPort(trips.get(1));
    List<AccessEntry> entries = lab.accessLog().await(mark, e -> passed(e, port, "POST", post)
        .isPresent() && passed(e, port, "CONNECT", tunnel).isPresent(),
        RoundTripProbe.LOG_TIMEOUT);
    String user = lab.loggedUser(port);
    assertThat(passed(entries, port, "POST", post).orElseThrow().user()).hasValue(user);
    assertThat(passed(entries, port, "CONNECT", tunnel).orElseThrow().user()).hasValue(user);
  }

  private Optional<AccessEntry> passed(List<AccessEntry> entries, SquidPort port, String method,
      String urlEnd) {
    return entries.stream().filter(e -> e.proxyPort() == lab.port(port) && e.status() == 200
        && e.method().equals(method) && e.url().endsWith(urlEnd)).findFirst();
  }

  private static int originPort(ClientTrip trip) {
    return URI.create(trip.url("/")).getPort();
  }

  /** The canary: no password, Basic answer or NTLM message in anything serve wrote. */
  private static void assertNoSecret(ServeProcess serve, String metrics, String password) {
    String everything = serve.output() + String.join("\n", serve.accessLog()) + metrics;
    assertThat(everything).isNotEmpty().doesNotContain(SquidLab.canaries(password));
  }

  /** Keeps serve's output, access log and metrics in target/serve/, for reading after CI. */
  private static void keep(SquidPort port, String kind, ServeProcess serve, String metrics)
      throws IOException {
    Path dir = Files.createDirectories(RoundTrips.outputDir().resolve("serve"));
    Files.writeString(dir.resolve(port.label() + "-" + kind + ".txt"), serve.output()
        + "\n--- access log\n" + String.join("\n", serve.accessLog()) + "\n--- metrics\n"
        + metrics);
  }
}
