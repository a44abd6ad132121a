package io.github.proxyauth.httpclient5;

import static io.github.proxyauth.httpclient5.Fixtures.since;
import static io.github.proxyauth.httpclient5.Fixtures.url;
import static io.github.proxyauth.httpclient5.Scheme.CANARY;
import static io.github.proxyauth.httpclient5.Scheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test-kit matrix: every scheme x classic/async x http/https x right/wrong password, with
 * real HttpClient 5 clients against the TestProxy: responses, legs and connections.
 */
class ProxyAuthHttpClient5Test {
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
}
