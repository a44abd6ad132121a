package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the adapter copes with proxies that close connections or frame 407 bodies badly. */
class ProxyFaultsTest {

  static TestProxy proxy(ProxyScheme scheme, Fault fault) throws Exception {
    return scheme.require(TestProxy.builder().user(ProxyScheme.USER, PASSWORD)).fault(fault)
        .build();
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"CLOSE_ON_407", "CLOSE_DELIMITED_407_BODY"})
  void connectionCloseOn407MovesTheAnswerToANewTunnel(Fault fault) throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.BASIC, fault); Origin origin = Origin.https()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/"))).isEqualTo("200 hello from /");

      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
      assertThat(requests.get(0).connectionId()).isNotEqualTo(requests.get(1).connectionId());
      assertThat(proxy.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void connectionCloseOnPlain407MovesTheAnswerToANewConnection() throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.BASIC, Fault.CLOSE_ON_407);
        Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/"))).isEqualTo("200 hello from /");

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
      assertThat(proxy.connectionCount()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"PROXY_CONNECTION_CLOSE_ON_407", "CHUNKED_407_BODY"})
  void connect407ThatOkHttpCannotSurviveFailsFastWithoutSendingCredentials(Fault fault)
      throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.BASIC, fault); Origin origin = Origin.https()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> get(client, origin.url("/")));

      assertThat(e).isNotNull();
      Diagnosis diagnosis = e.diagnosis().orElseThrow();
      assertThat(diagnosis.reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(diagnosis.offered()).containsExactly("basic");
      assertThat(e.getMessage()).contains("CONNECT 127.0.0.1:", "fix the proxy");
      assertThat(proxy.requests()).hasSize(1)
          .allMatch(r -> r.header("Proxy-Authorization").isEmpty());
      assertThat(origin.seen).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class,
      names = {"PROXY_CONNECTION_CLOSE_ON_407", "CHUNKED_407_BODY", "CLOSE_DELIMITED_407_BODY"})
  void plain407WithTheSameFaultsStillAuthenticates(Fault fault) throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.BASIC, fault); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/"))).isEqualTo("200 hello from /");

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
      assertThat(proxy.connectionCount()).isEqualTo(fault == Fault.CHUNKED_407_BODY ? 1 : 2);
    }
  }

  @Test
  void endlessProxyEndsWithDiagnosisAfterOneRejection() throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.BASIC, Fault.ENDLESS_407);
        Origin origin = Origin.https()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> get(client, origin.url("/")));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
      assertThat(proxy.requests()).hasSize(2);
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void ntlmRestartsOnEachClosedConnectionThenGivesUpWithDiagnosis(boolean tls) throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.NTLM, Fault.CLOSE_ON_407);
        Origin origin = tls ? Origin.https() : Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NTLM.engine(PASSWORD).build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> get(client, origin.url("/")));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("persistent connection");
      // anonymous, then Type 1 on each of three new connections (the first two restarted)
      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.CONTINUED, Auth.CONTINUED, Auth.CONTINUED);
      assertThat(proxy.connectionCount()).isEqualTo(4);
      assertThat(origin.seen).isEmpty();
    }
  }

  @Test
  void ntlmOverPlainChunked407StaysOnOneConnection() throws Exception {
    try (TestProxy proxy = proxy(ProxyScheme.NTLM, Fault.CHUNKED_407_BODY);
        Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.NTLM.engine(PASSWORD).build(), proxy);

      assertThat(get(client, origin.url("/"))).isEqualTo("200 hello from /");

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.CONTINUED, Auth.ACCEPTED);
      assertThat(proxy.connectionCount()).isEqualTo(1);
    }
  }
}
