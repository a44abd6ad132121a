package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.Calls.since;
import static io.github.proxyauth.okhttp.ProxyScheme.CANARY;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scheme, plain and tunnelled, against the TestProxy: responses and round trips. */
class OkHttpProxyAuthenticatorTest {

  enum Transport { PLAIN, CONNECT }

  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  static Stream<Arguments> schemesAndTransports() {
    return Arrays.stream(ProxyScheme.values())
        .flatMap(s -> Stream.of(Arguments.of(s, Transport.PLAIN), Arguments.of(s, Transport.CONNECT)));
  }

  static Origin origin(Transport transport) throws Exception {
    return transport == Transport.PLAIN ? Origin.http() : Origin.https();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndTransports")
  void answersChallengeThenAuthenticatesNewConnectionsPreemptively(ProxyScheme scheme,
      Transport transport) throws Exception {
    try (TestProxy proxy = scheme.proxy(); Origin origin = origin(transport)) {
      OkHttpClient client = Calls.client(scheme.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/1"))).isEqualTo("200 hello from /1");
      List<RecordedRequest> first = proxy.requests();
      assertThat(first).hasSize(scheme.firstLegs)
          .allMatch(r -> r.isConnect() == (transport == Transport.CONNECT))
          .allMatch(r -> r.connectionId() == first.get(0).connectionId());
      assertThat(first.get(0).header("Proxy-Authorization")).isEmpty();
      assertThat(first.get(first.size() - 1).auth()).isEqualTo(Auth.ACCEPTED);
      assertThat(proxy.connectionCount()).isEqualTo(1);

      for (int call = 2; call <= 10; call++) {
        client.connectionPool().evictAll(); // a new connection (tunnel) for every call
        int before = proxy.requestCount();
        assertThat(get(client, origin.url("/" + call))).isEqualTo("200 hello from /" + call);
        List<RecordedRequest> later = since(proxy, before);
        assertThat(later).as("call %d", call).hasSize(scheme.laterLegs);
        assertThat(later.get(0).header("Proxy-Authorization")).as("call %d", call)
            .hasValueSatisfying(v -> assertThat(v).startsWith(scheme.token + " "));
        assertThat(later.get(later.size() - 1).auth()).isEqualTo(Auth.ACCEPTED);
        assertThat(proxy.connectionCount()).isEqualTo(call);
      }
      assertThat(origin.seen).hasSize(10).noneMatch(Origin.Seen::hasProxyAuthorization);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndTransports")
  void pooledConnectionNeedsNoNewHandshake(ProxyScheme scheme, Transport transport)
      throws Exception {
    try (TestProxy proxy = scheme.proxy(); Origin origin = origin(transport)) {
      OkHttpClient client = Calls.client(scheme.engine(PASSWORD).build(), proxy);
      get(client, origin.url("/1"));
      int before = proxy.requestCount();

      assertThat(get(client, origin.url("/2"))).isEqualTo("200 hello from /2");

      List<RecordedRequest> second = since(proxy, before);
      assertThat(proxy.connectionCount()).isEqualTo(1);
      if (transport == Transport.CONNECT) {
        assertThat(second).isEmpty(); // the tunnel is authenticated once
      } else {
        assertThat(second).hasSize(1);
        assertThat(second.get(0).auth()).isIn(Auth.ACCEPTED, Auth.CONNECTION_AUTHENTICATED);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndTransports")
  void wrongPasswordFailsWithDiagnosisNamingUserAndSourceButNotPassword(ProxyScheme scheme,
      Transport transport) throws Exception {
    EventLog events = new EventLog();
    try (TestProxy proxy = scheme.proxy(); Origin origin = origin(transport)) {
      OkHttpClient client = Calls.client(scheme.engine(CANARY).listener(events).build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> get(client, origin.url("/1")));

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains(ProxyScheme.USER).doesNotContain(CANARY);
      if (scheme == ProxyScheme.NEGOTIATE) { // the KDC refuses the login: the proxy sees no token
        assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.SCHEME_FAILED);
        assertThat(proxy.requests()).hasSize(1).allMatch(r -> r.auth() == Auth.MISSING);
      } else {
        assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
        assertThat(e.getMessage()).contains("(configured in code)");
        assertThat(proxy.requests()).hasSize(scheme.firstLegs);
        assertThat(proxy.requests().get(scheme.firstLegs - 1).auth()).isEqualTo(Auth.REJECTED);
      }
      assertThat(origin.seen).isEmpty();
      assertThat(events.events).isNotEmpty()
          .allSatisfy(ev -> assertThat(ev.toString()).doesNotContain(CANARY));
    }
  }
}
