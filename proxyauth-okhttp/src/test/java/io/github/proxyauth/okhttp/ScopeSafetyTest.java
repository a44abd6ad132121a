package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Proxy credentials go to their proxy and nowhere else: not to origins, not to other proxies. */
class ScopeSafetyTest {
  static final Map<String, String> ORIGIN_407 =
      Map.of("Proxy-Authenticate", "Basic realm=\"origin\"");

  static ProxyAuthenticator basic(CredentialProvider credentials) {
    return ProxyAuthenticator.builder().schemes(AuthScheme.basic()).credentials(credentials)
        .build();
  }

  @Test
  void tlsOriginAnswering407NeverReceivesProxyCredentials() throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy();
        Origin origin = Origin.https(Map.of("/", new Origin.Answer(407, ORIGIN_407, "origin")))) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/"))).isEqualTo("407 origin"); // declined, not answered
      client.connectionPool().evictAll();
      assertThat(get(client, origin.url("/"))).isEqualTo("407 origin"); // preemptive tunnel

      assertThat(origin.seen).hasSize(2).noneMatch(Origin.Seen::hasProxyAuthorization);
      assertThat(proxy.requests()).hasSize(3).allMatch(RecordedRequest::isConnect);
    }
  }

  @Test
  void redirectFromHttpToHttpsCarriesNoProxyAuthorizationIntoTheTunnel() throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin tls = Origin.https();
        Origin plain = Origin.http(Map.of("/start",
            new Origin.Answer(302, Map.of("Location", tls.url("/end")), "")))) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(get(client, plain.url("/start"))).isEqualTo("200 hello from /end");

      assertThat(tls.seen).hasSize(1).noneMatch(Origin.Seen::hasProxyAuthorization);
      assertThat(proxy.requests()).extracting(RecordedRequest::isConnect)
          .containsExactly(false, false, true); // 407, 302, then a preemptive CONNECT
    }
  }

  @Test
  void proxySelectorSwitchStartsAFreshExchangeWithoutTheOtherProxysCredentials()
      throws Exception {
    try (TestProxy a = TestProxy.builder().user("alice", "pw-a").basic("a").build();
        TestProxy b = TestProxy.builder().user("bob", "pw-b").basic("b").build();
        Origin origin = Origin.http()) {
      Origin.Answer hop = new Origin.Answer(302, Map.of("Location", origin.url("localhost",
          "/land")), "");
      try (Origin start = Origin.http(Map.of("/hop", hop))) {
        ProxyAuthenticator engine = basic(CredentialProvider.firstOf(
            CredentialProvider.forProxy("localhost", a.port(), creds("alice", "pw-a")),
            CredentialProvider.forProxy("localhost", b.port(), creds("bob", "pw-b"))));
        OkHttpClient client = Calls.bounded(OkHttpProxyAuthenticator.configure(
            new OkHttpClient.Builder(), engine, byHost(a.proxy(), b.proxy())));

        assertThat(get(client, start.url("/hop"))).isEqualTo("200 hello from /land");

        assertThat(users(a.requests())).containsExactly("-", "alice");
        assertThat(users(b.requests())).containsExactly("-", "bob");
      }
    }
  }

  static Credentials creds(String user, String password) {
    return Credentials.of(user, password.toCharArray());
  }

  /** Routes 127.0.0.1 through {@code first} and every other host through {@code second}. */
  static ProxySelector byHost(Proxy first, Proxy second) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(uri.getHost().equals("127.0.0.1") ? first : second);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    };
  }

  /** Returns the Basic user of each request, "-" for none. */
  static List<String> users(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.header("Proxy-Authorization")
        .map(v -> new String(Base64.getDecoder().decode(v.substring(6)), StandardCharsets.UTF_8))
        .map(v -> v.substring(0, v.indexOf(':'))).orElse("-")).toList();
  }
}
