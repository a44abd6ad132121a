package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Credentials stay with their proxy; broken proxies end in a diagnosis, not a loop. */
class ScopeSafetyTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void a407FromTheOriginInsideTheTunnelIsNotAnswered(Mode mode) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = originAnswering407()) {
      try (Mode.Client client = mode.open(adapter(Scheme.BASIC), proxy)) {
        assertThat(client.get(Fixtures.url(origin, "/x"))).startsWith("407 ");
      }
      assertThat(origin.getRequestCount()).isEqualTo(1);
      assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(proxy.requests()).hasSize(2).allMatch(r -> r.isConnect());
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRedirectIntoATunnelCarriesNoProxyCredentials(Mode mode) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer https = Fixtures.origin(true);
        MockWebServer http = redirectingTo(Fixtures.url(https, "/landed"))) {
      try (Mode.Client client = mode.open(adapter(Scheme.BASIC), proxy)) {
        assertThat(client.get(Fixtures.url(http, "/go"))).isEqualTo("200 hello /landed");
      }
      assertThat(https.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(proxy.requests()).filteredOn(r -> r.isConnect()).isNotEmpty()
          .allMatch(r -> r.target().endsWith(":" + https.getPort()));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aProxyThatNeverAcceptsEndsAtTheAttemptCap(Mode mode) throws Exception {
    try (TestProxy proxy = TestProxy.builder().user(Scheme.USER, Scheme.PASSWORD).basic("corp")
        .digest("corp").fault(Fault.ENDLESS_407).build();
        MockWebServer origin = Fixtures.origin(true);
        Mode.Client client = mode.open(ProxyAuthHttpClient5.of(Scheme.BASIC.engine(
            Scheme.PASSWORD).maxAttempts(4).build()), proxy)) {
      ProxyAuthException e = Fixtures.proxyAuthFailure(catchThrowable(
          () -> client.get(Fixtures.url(origin, "/x"))));

      assertThat(e).isNotNull();
      assertThat(e.diagnosis().orElseThrow().reason()).isIn(Reason.TOO_MANY_ATTEMPTS,
          Reason.CREDENTIALS_REJECTED);
      assertThat(proxy.requestCount()).isLessThanOrEqualTo(5);
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void basicSurvivesA407ThatClosesTheConnection(Mode mode) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.require(TestProxy.builder().user(Scheme.USER,
        Scheme.PASSWORD)).fault(Fault.CLOSE_ON_407).build();
        MockWebServer origin = Fixtures.origin(true);
        Mode.Client client = mode.open(adapter(Scheme.BASIC), proxy)) {
      assertThat(client.get(Fixtures.url(origin, "/x"))).isEqualTo("200 hello /x");
      assertThat(proxy.requests()).hasSize(2);
      assertThat(proxy.connectionCount()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ntlmOnAProxyThatClosesEvery407FailsWithAProtocolDiagnosis(Mode mode) throws Exception {
    try (TestProxy proxy = Scheme.NTLM.require(TestProxy.builder().user(Scheme.USER,
        Scheme.PASSWORD)).fault(Fault.CLOSE_ON_407).build();
        MockWebServer origin = Fixtures.origin(true);
        Mode.Client client = mode.open(adapter(Scheme.NTLM), proxy)) {
      ProxyAuthException e = Fixtures.proxyAuthFailure(catchThrowable(
          () -> client.get(Fixtures.url(origin, "/x"))));

      assertThat(e).isNotNull();
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("keep-alive");
      assertThat(proxy.requests()).noneMatch(r -> r.auth() == Auth.REJECTED);
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aMalformedChallengeIsSkippedAndTheNextOneAnswered(Mode mode) throws Exception {
    try (TestProxy proxy = Scheme.DIGEST.require(TestProxy.builder().user(Scheme.USER,
        Scheme.PASSWORD)).fault(Fault.MALFORMED_CHALLENGE).build();
        MockWebServer origin = Fixtures.origin(false);
        Mode.Client client = mode.open(adapter(Scheme.DIGEST), proxy)) {
      assertThat(client.get(Fixtures.url(origin, "/x"))).isEqualTo("200 hello /x");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void twoNtlmProxiesNeverShareAConnectionOrAHandshake(Mode mode) throws Exception {
    try (TestProxy first = Scheme.NTLM.proxy(); TestProxy second = Scheme.NTLM.proxy();
        MockWebServer viaFirst = Fixtures.origin(false);
        MockWebServer viaSecond = Fixtures.origin(false)) {
      DefaultRoutePlanner planner = new DefaultRoutePlanner(null) {
        @Override
        protected HttpHost determineProxy(HttpHost target, HttpContext context) {
          return Fixtures.proxyHost(target.getPort() == viaFirst.getPort() ? first : second);
        }
      };
      ProxyAuthHttpClient5 adapter = adapter(Scheme.NTLM);
      if (mode == Mode.CLASSIC) {
        try (CloseableHttpClient client = adapter.install(Fixtures.classic(2)
            .setRoutePlanner(planner)).build()) {
          for (int i = 0; i < 4; i++) {
            assertThat(Fixtures.get(client, Fixtures.url(viaFirst, "/a" + i))).startsWith("200");
            assertThat(Fixtures.get(client, Fixtures.url(viaSecond, "/b" + i))).startsWith("200");
          }
          client.close(CloseMode.GRACEFUL);
        }
      } else {
        try (var client = adapter.install(Fixtures.async(2).setRoutePlanner(planner)).build()) {
          client.start();
          for (int i = 0; i < 4; i++) {
            assertThat(Fixtures.get(client, Fixtures.url(viaFirst, "/a" + i))).startsWith("200");
            assertThat(Fixtures.get(client, Fixtures.url(viaSecond, "/b" + i))).startsWith("200");
          }
        }
      }
      for (TestProxy proxy : new TestProxy[] {first, second}) {
        ConcurrencyTest.assertOneHandshakePerConnection(proxy.requests());
        // Classic: one connection per route. Async: maybe two, as it releases a connection just
        // after the response completes.
        assertThat(proxy.connectionCount()).isBetween(1, mode == Mode.CLASSIC ? 1 : 2);
      }
      assertThat(first.requests()).allMatch(r -> r.target().contains(":" + viaFirst.getPort()));
      assertThat(second.requests()).allMatch(r -> r.target().contains(":" + viaSecond.getPort()));
    }
  }

  @Test
  void aBodyHttpClientCannotRepeatFailsWithADiagnosisInsteadOfA407() throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = Fixtures.origin(false);
        CloseableHttpClient client = ProxyAuthHttpClient5.configure(Fixtures.classic(2),
            Scheme.BASIC.engine(Scheme.PASSWORD).build(), Fixtures.proxyHost(proxy)).build()) {
      HttpPost post = new HttpPost(Fixtures.url(origin, "/upload"));
      post.setEntity(new InputStreamEntity(new ByteArrayInputStream(
          "data".getBytes(StandardCharsets.UTF_8)), 4, ContentType.TEXT_PLAIN));

      ProxyAuthException e = Fixtures.proxyAuthFailure(catchThrowable(
          () -> client.execute(post, response -> response.getCode())));

      assertThat(e).isNotNull();
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("cannot be repeated");
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  private static ProxyAuthHttpClient5 adapter(Scheme scheme) {
    return ProxyAuthHttpClient5.of(scheme.engine(Scheme.PASSWORD).build());
  }

  private static MockWebServer originAnswering407() throws Exception {
    MockWebServer server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(Fixtures.SERVER).build()
        .sslSocketFactory());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(407)
            .setHeader("Proxy-Authenticate", "Basic realm=\"origin\"").body("no").build();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  private static MockWebServer redirectingTo(String location) throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(302).setHeader("Location", location).build();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server;
  }
}
