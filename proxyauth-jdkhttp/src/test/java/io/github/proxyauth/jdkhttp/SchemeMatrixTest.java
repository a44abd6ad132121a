package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static io.github.proxyauth.jdkhttp.Fixtures.WRONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every password scheme over plain and tunnelled requests, with right and wrong passwords. */
class SchemeMatrixTest {

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"basic,false", "basic,true", "digest,false", "digest,true", "ntlm,false",
      "ntlm,true"})
  void authenticatesWithRightPasswordAndLeaksNoSecret(String scheme, boolean https)
      throws Exception {
    try (TestProxy proxy = Fixtures.proxy(scheme);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, PASSWORD), HttpClient.Version.HTTP_1_1)) {
      URI uri = Fixtures.url(origin, https, "/hello");

      HttpResponse<String> response = client.send(get(uri), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> again = client.send(get(uri), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello GET 0");
      assertThat(again.body()).isEqualTo("hello GET 0");
      assertThat(proxy.requests()).anySatisfy(r -> {
        assertThat(r.auth()).isEqualTo(RecordedRequest.Auth.ACCEPTED);
        assertThat(r.user()).contains(Fixtures.USER);
      });
      assertThat(proxy.requests()).allSatisfy(r -> {
        assertThat(r.header(ProxyRelay.SECRET_HEADER)).isEmpty();
        assertThat(r.isConnect()).isEqualTo(https);
      });
      for (int i = 0; i < 2; i++) {
        mockwebserver3.RecordedRequest seen = origin.takeRequest(5, TimeUnit.SECONDS);
        assertThat(seen.getHeaders().names()).noneMatch(n -> n.toLowerCase().startsWith("proxy-"));
      }
    }
  }

  @ParameterizedTest(name = "{0} https={1}")
  @CsvSource({"basic,false", "basic,true", "digest,false", "digest,true", "ntlm,false",
      "ntlm,true"})
  void wrongPasswordThrowsDiagnosisNamingUserAndSourceButNotPassword(String scheme,
      boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy(scheme);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, WRONG), HttpClient.Version.HTTP_1_1)) {
      URI uri = Fixtures.url(origin, https, "/hello");

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> client.send(get(uri), HttpResponse.BodyHandlers.ofString()));

      assertThat(e).isNotNull();
      assertThat(e.diagnosis()).get().extracting(Diagnosis::reason)
          .isEqualTo(Diagnosis.Reason.CREDENTIALS_REJECTED);
      assertThat(e.getMessage()).contains(Fixtures.USER).contains("(configured in code)")
          .doesNotContain(WRONG).doesNotContain(PASSWORD);
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
  }
}
