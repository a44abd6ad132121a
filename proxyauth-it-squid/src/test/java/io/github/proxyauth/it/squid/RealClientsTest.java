package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.relay.AccessLogEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real, non-proxyauth clients (curl, wget, git, Python urllib, Maven, HttpURLConnection,
 * java.net.http, OkHttp) through the local proxy to the real Squid, for each scheme and the http
 * and https origins. The right password: the client succeeds, the origin got its request (and
 * body), and Squid's access log names the user. A wrong one: the client sees a 407 (with the
 * diagnosis header where it shows proxy headers), Squid lets nothing through and the origin sees
 * nothing. Either way the local proxy's access log has an entry for each request, with the route
 * through Squid and the scheme, and no canary of the password ({@link SquidLab#canaries}).
 */
@ExtendWith(SquidExtension.class)
class RealClientsTest {
  private static final AtomicInteger CASES = new AtomicInteger();
  private static ToolOrigins origins;

  private final SquidLab lab;

  RealClientsTest(SquidLab lab) {
    this.lab = lab;
  }

  @BeforeAll
  static void startOrigins(@TempDir Path dir) throws IOException {
    origins = ToolOrigins.start(Files.createDirectories(dir.resolve("www")));
  }

  @AfterAll
  static void stopOrigins() {
    origins.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(RealClient.values()).flatMap(client -> Stream.of(SquidPort.BASIC,
            SquidPort.DIGEST, SquidPort.NTLM, SquidPort.NEGOTIATE)
        .flatMap(port -> Stream.of("http", "https")
            .map(target -> Arguments.of(client, port, target))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void rightPasswordGetsThroughAndSquidLogsTheUser(RealClient client, SquidPort port,
      String target, @TempDir Path work) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    Run run = run(client, port, target, SquidLab.PASSWORD, work);
    ClientTrip trip = run.trip();
    ClientOutcome outcome = run.outcome();

    assertThat(outcome.succeeded()).as(outcome.transcript()).isTrue();
    if (client.showsSuccessStatus()) {
      assertThat(outcome.status()).as(outcome.transcript()).hasValue(200);
    }
    assertThat(outcome.body()).as(outcome.transcript()).isEqualTo(client.expectedBody(trip));
    List<ToolOrigins.Hit> hits = origins.hits(trip.caseId());
    assertThat(hits).extracting(ToolOrigins.Hit::line).containsAll(client.expectedHits(trip));
    assertThat(hits).extracting(ToolOrigins.Hit::origin).containsOnly(target);
    List<AccessEntry> entries = probe.entries(1);
    assertThat(entries).filteredOn(e -> e.status() == 200).isNotEmpty()
        .extracting(AccessEntry::user).containsOnly(Optional.of(lab.loggedUser(port)));
    assertThat(entries).noneMatch(e -> e.status() == 403);
    assertThat(origins.leaks()).isEmpty();
    assertThat(run.accessLog()).as(outcome.transcript()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.route()).isEqualTo(LocalProxyFixture.route(lab, port));
      assertThat(e.scheme()).hasValue(port.label());
    });
    assertEveryRequestLogged(trip, client.expectedHits(trip), hits, run.accessLog());
    assertThat(run.accessLog().toString()).doesNotContain(SquidLab.canaries(SquidLab.PASSWORD));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void wrongPasswordShowsA407AndNothingPasses(RealClient client, SquidPort port, String target,
      @TempDir Path work) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    Run run = run(client, port, target, SquidLab.WRONG_PASSWORD, work);
    ClientTrip trip = run.trip();
    ClientOutcome outcome = run.outcome();

    assertThat(outcome.succeeded()).as(outcome.transcript()).isFalse();
    assertThat(outcome.status()).as(outcome.transcript()).hasValue(407);
    if (client.showsProxyHeaders(target)) {
      assertThat(outcome.diagnosis()).as(outcome.transcript()).get(InstanceOfAssertFactories.STRING)
          .contains(port.wrongPasswordReason().name()).doesNotContain(SquidLab.WRONG_PASSWORD);
    }
    assertThat(outcome.transcript()).doesNotContain(SquidLab.WRONG_PASSWORD);
    assertThat(origins.hits(trip.caseId())).isEmpty();
    assertThat(probe.entries(0)).noneMatch(e -> e.status() == 200);
    assertThat(origins.leaks()).isEmpty();
    assertThat(run.accessLog()).as(outcome.transcript()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.route()).isEqualTo(LocalProxyFixture.route(lab, port));
      assertThat(e.status()).isEqualTo(407);
      assertThat(e.failure()).isPresent();
    }).anySatisfy(e -> assertThat(e.failure()).hasValue(port.wrongPasswordReason().name()));
    assertThat(run.accessLog().toString())
        .doesNotContain(SquidLab.canaries(SquidLab.WRONG_PASSWORD));
  }

  /**
   * Every request of the client that the origin got has its entry: the forwarded request, or its
   * tunnel. (The origin also sees the relay's own body-less probe before a POST: not a request
   * of the client.)
   */
  private static void assertEveryRequestLogged(ClientTrip trip, List<String> expected,
      List<ToolOrigins.Hit> hits, List<AccessLogEntry> log) {
    if (trip.target().equals("https")) {
      URI origin = URI.create(trip.url("/"));
      assertThat(log).anySatisfy(e -> {
        assertThat(e.method()).isEqualTo("CONNECT");
        assertThat(e.target()).isEqualTo("https://127.0.0.1:" + origin.getPort());
        assertThat(e.status()).isEqualTo(200);
      });
      return;
    }
    for (ToolOrigins.Hit hit : hits.stream().filter(h -> expected.contains(h.line())).toList()) {
      assertThat(log).as(hit.line()).anySatisfy(e -> {
        assertThat(e.method()).isEqualTo(hit.method());
        assertThat(e.target()).isEqualTo(trip.url(hit.path()));
        assertThat(e.status()).isEqualTo(200);
      });
    }
  }

  /** One client run: the case, what the client reported and the local proxy's access log. */
  private record Run(ClientTrip trip, ClientOutcome outcome, List<AccessLogEntry> accessLog) {}

  private Run run(RealClient client, SquidPort port, String target, String password, Path work)
      throws IOException, InterruptedException {
    client.require();
    String caseId = caseId(client, port, target,
        password.equals(SquidLab.PASSWORD) ? "right" : "wrong");
    ClientTrip trip;
    ClientOutcome outcome;
    LocalProxyFixture proxy = LocalProxyFixture.start(lab, port,
        Engines.forPort(lab, port, password, new RecordingListener()));
    try (proxy) {
      trip = new ClientTrip(caseId, target, proxy.address(), origins, work);
      outcome = client.run(trip);
    }
    keep(trip, outcome);
    return new Run(trip, outcome, proxy.accessLog());
  }

  /** Keeps what the client printed in target/real-clients/, for reading after a CI run. */
  private static void keep(ClientTrip trip, ClientOutcome outcome) throws IOException {
    Path dir = Files.createDirectories(RoundTrips.outputDir().resolve("real-clients"));
    Files.writeString(dir.resolve(trip.caseId() + ".txt"), outcome.transcript());
  }

  private static String caseId(RealClient client, SquidPort port, String target, String kind) {
    // Unique per attempt: a rerun of a failed case must not see the first attempt's requests.
    return String.join("-", client.name().toLowerCase(Locale.ROOT), port.label(), target, kind,
        Integer.toString(CASES.incrementAndGet()));
  }
}
