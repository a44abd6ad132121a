package io.github.proxyauth.httpclient5;

import static io.github.proxyauth.httpclient5.Fixtures.since;
import static io.github.proxyauth.httpclient5.Fixtures.url;
import static io.github.proxyauth.httpclient5.Scheme.CANARY;
import static io.github.proxyauth.httpclient5.Scheme.PASSWORD;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test-kit matrix: every scheme x classic/async x http/https x right/wrong password, with
 * real HttpClient 5 clients against the TestProxy: responses, legs and connections, and the
 * preemptive answers on new connections.
 */
class ProxyAuthHttpClient5Test {
  static final int CONNECTIONS = 4;
  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  static Stream<Arguments> matrix() {
    return Arrays.stream(Scheme.values()).flatMap(s -> Arrays.stream(Mode.values())
        .flatMap(m -> Stream.of(Arguments.of(s, m, false), Arguments.of(s, m, true))));
  }

  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("matrix")
  void rightPasswordAuthenticatesThenClientsOfTheSameEngineGoPreemptively(Scheme scheme, Mode mode,
      boolean https) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      ProxyAuthenticator engine = scheme.engine(PASSWORD).build();
      try (Mode.Client client = mode.open(ProxyAuthHttpClient5.of(engine), proxy, 1)) {
        assertThat(client.get(url(origin, "/1"))).isEqualTo("200 hello /1");
      }
      List<RecordedRequest> first = proxy.requests();
      assertThat(first).hasSize(scheme.firstLegs).allMatch(r -> r.isConnect() == https)
          .allMatch(r -> r.connectionId() == first.get(0).connectionId());
      assertThat(first.get(0).header("Proxy-Authorization")).isEmpty();
      assertThat(first.get(first.size() - 1).auth()).isEqualTo(Auth.ACCEPTED);

      // Another client of the same engine: a new connection, authenticated ahead. One connection
      // per pool: the async client releases a connection just after the response completes.
      try (Mode.Client client = mode.open(ProxyAuthHttpClient5.of(engine), proxy, 1)) {
        int before = proxy.requestCount();
        assertThat(client.get(url(origin, "/2"))).isEqualTo("200 hello /2");
        List<RecordedRequest> later = since(proxy, before);
        assertThat(later).hasSize(scheme.laterLegs);
        assertThat(later.get(later.size() - 1).auth()).isEqualTo(Auth.ACCEPTED);
        assertThat(later.get(0).header("Proxy-Authorization"))
            .hasValueSatisfying(v -> assertThat(v).startsWith(scheme.token + " "));

        before = proxy.requestCount();
        assertThat(client.get(url(origin, "/3"))).isEqualTo("200 hello /3");
        List<RecordedRequest> pooled = since(proxy, before);
        if (https) {
          assertThat(pooled).isEmpty(); // the tunnel stands: nothing more to the proxy
        } else {
          assertThat(pooled).hasSize(1).allMatch(r -> r.auth() == Auth.ACCEPTED
              || r.auth() == Auth.CONNECTION_AUTHENTICATED);
        }
      }
      assertThat(proxy.connectionCount()).isEqualTo(2);
      assertThat(origin.getRequestCount()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("matrix")
  void wrongPasswordFailsWithDiagnosisAndNothingReachesTheOrigin(Scheme scheme, Mode mode,
      boolean https) throws Exception {
    EventLog events = new EventLog();
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      ProxyAuthHttpClient5 adapter = ProxyAuthHttpClient5.of(
          scheme.engine(CANARY).listener(events).build());
      Throwable thrown;
      try (Mode.Client client = mode.open(adapter, proxy, 1)) {
        thrown = catchThrowable(() -> client.get(url(origin, "/1")));
      }

      ProxyAuthException e = Fixtures.proxyAuthFailure(thrown);
      assertThat(e).as("a ProxyAuthException, got %s", thrown).isNotNull();
      assertThat(e.getMessage()).contains(Scheme.USER).doesNotContain(CANARY);
      if (scheme == Scheme.NEGOTIATE) { // the KDC refuses the login: the proxy sees no token
        assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.SCHEME_FAILED);
        assertThat(proxy.requests()).hasSize(1).allMatch(r -> r.auth() == Auth.MISSING);
      } else {
        assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
        assertThat(e.diagnosis().orElseThrow().chosen()).contains(scheme.token.toLowerCase(
            java.util.Locale.ROOT));
        assertThat(proxy.requests()).hasSize(scheme.firstLegs);
        assertThat(proxy.requests().get(scheme.firstLegs - 1).auth()).isEqualTo(Auth.REJECTED);
      }
      assertThat(origin.getRequestCount()).isZero();
      assertThat(events.events).isNotEmpty()
          .allSatisfy(ev -> assertThat(ev.toString()).doesNotContain(CANARY));
    }
  }

  /**
   * One client with a pool of one connection, several connections one after the other (the second
   * request on each asks for {@code Connection: close}): once a scheme worked with the proxy, every new connection's first
   * request (or CONNECT) authenticates ahead, and a forwarded request on a connection that a
   * connection-bound scheme (NTLM, Negotiate as Squid keeps it) authenticated carries nothing.
   */
  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("matrix")
  void everyNewConnectionAuthenticatesAheadAndItsLaterRequestsCarryNothing(Scheme scheme,
      Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(https);
        Mode.Client client = mode.open(ProxyAuthHttpClient5.of(scheme.engine(PASSWORD).build()),
            proxy, 1)) {
      twoRequestsOnEachOfNewConnections(client, origin);

      List<RecordedRequest> requests = proxy.requests();
      Map<Long, List<RecordedRequest>> byConnection = new TreeMap<>(
          requests.stream().collect(groupingBy(RecordedRequest::connectionId)));
      assertThat(byConnection).as(summary(requests)).hasSize(CONNECTIONS);
      List<Integer> rejections = new ArrayList<>();
      byConnection.values().forEach(onOne -> rejections.add(count407s(onOne)));
      // the first connection learns the scheme; NTLM's Type 2 is one 407 on every connection
      int inherent = scheme == Scheme.NTLM ? 1 : 0;
      List<Integer> expected = new ArrayList<>();
      expected.add(1 + inherent);
      for (int c = 1; c < CONNECTIONS; c++) {
        expected.add(inherent);
      }
      assertThat(rejections).as(summary(requests)).isEqualTo(expected);

      byConnection.values().stream().skip(1).forEach(onOne -> {
        assertThat(onOne.get(0).header("Proxy-Authorization")).as(summary(onOne))
            .hasValueSatisfying(v -> assertThat(v).startsWith(scheme.token + " "));
        assertThat(onOne.get(0).isConnect()).isEqualTo(https);
      });
      if (!https) {
        boolean bound = scheme == Scheme.NTLM || scheme == Scheme.NEGOTIATE;
        byConnection.values().forEach(onOne -> {
          RecordedRequest last = onOne.get(onOne.size() - 1);
          assertThat(last.auth()).as(summary(onOne))
              .isEqualTo(bound ? Auth.CONNECTION_AUTHENTICATED : Auth.ACCEPTED);
          assertThat(last.header("Proxy-Authorization").isPresent()).isEqualTo(!bound);
        });
      } else {
        assertThat(requests).allMatch(RecordedRequest::isConnect);
      }
      assertThat(origin.getRequestCount()).isEqualTo(2 * CONNECTIONS);
      for (int i = 0; i < 2 * CONNECTIONS; i++) {
        assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNegotiateProxyThatWantsATokenPerRequestGetsOneAfterItsSecond407(Mode mode)
      throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(Scheme.USER, PASSWORD)
        .negotiate(kerberos.serviceKeytab, kerberos.service).negotiatePerRequest().build();
        MockWebServer origin = Fixtures.origin(false);
        Mode.Client client = mode.open(ProxyAuthHttpClient5.of(
            Scheme.NEGOTIATE.engine(PASSWORD).build()), proxy, 1)) {
      twoRequestsOnEachOfNewConnections(client, origin);

      // the first request learns Negotiate, the second that this proxy binds no connection;
      // from then on every request carries a token of its own
      List<RecordedRequest> requests = proxy.requests();
      assertThat(count407s(requests)).as(summary(requests)).isEqualTo(2);
      assertThat(requests.subList(4, requests.size())).as(summary(requests))
          .hasSize(2 * CONNECTIONS - 2).allMatch(r -> r.auth() == Auth.ACCEPTED);
    }
  }

  /**
   * Sends two requests on each of {@link #CONNECTIONS} connections, one after the other: the
   * second asks for {@code Connection: close}.
   */
  private static void twoRequestsOnEachOfNewConnections(Mode.Client client, MockWebServer origin)
      throws IOException {
      for (int c = 0; c < CONNECTIONS; c++) {
        assertThat(client.get(url(origin, "/" + c + "-0"))).isEqualTo("200 hello /" + c + "-0");
        assertThat(client.getClosing(url(origin, "/" + c + "-1")))
            .isEqualTo("200 hello /" + c + "-1");
      }
  }

  /** Returns one line per request: connection, verdict and scheme of its header, no secret. */
  private static String summary(List<RecordedRequest> requests) {
    StringBuilder lines = new StringBuilder();
    for (RecordedRequest r : requests) {
      lines.append("\n  connection ").append(r.connectionId()).append(' ').append(r.method())
          .append(' ').append(r.auth()).append(' ').append(r.header("Proxy-Authorization")
              .map(v -> v.split(" ", 2)[0]).orElse("-"));
    }
    return lines.toString();
  }

  private static int count407s(List<RecordedRequest> requests) {
    return (int) requests.stream().filter(r -> r.auth() == Auth.MISSING
        || r.auth() == Auth.CONTINUED || r.auth() == Auth.REJECTED).count();
  }
}
