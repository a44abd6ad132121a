package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.TestProxy;
import mockwebserver3.MockWebServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** Spring's RestClient and RestTemplate on HttpComponentsClientHttpRequestFactory, through it. */
class SpringRestClientTest {
  @ParameterizedTest
  @EnumSource(value = Scheme.class, names = {"BASIC", "DIGEST", "NTLM"})
  void restClientAndRestTemplateGetThroughTheProxy(Scheme scheme) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(true);
        CloseableHttpClient httpClient = ProxyAuthHttpClient5.configure(Fixtures.classic(4),
            scheme.engine(Scheme.PASSWORD).build(), Fixtures.proxyHost(proxy)).build()) {
      HttpComponentsClientHttpRequestFactory factory =
          new HttpComponentsClientHttpRequestFactory(httpClient);
      RestClient restClient = RestClient.builder().requestFactory(factory).build();
      RestTemplate restTemplate = new RestTemplate(factory);

      assertThat(restClient.get().uri(Fixtures.url(origin, "/rest-client")).retrieve()
          .body(String.class)).isEqualTo("hello /rest-client");
      assertThat(restTemplate.getForObject(Fixtures.url(origin, "/rest-template"), String.class))
          .isEqualTo("hello /rest-template");
      assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Scheme.class, names = {"BASIC", "NTLM"})
  void wrongPasswordSurfacesTheDiagnosisThroughSpring(Scheme scheme) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(true);
        CloseableHttpClient httpClient = ProxyAuthHttpClient5.configure(Fixtures.classic(4),
            scheme.engine(Scheme.CANARY).build(), Fixtures.proxyHost(proxy)).build()) {
      RestClient restClient = RestClient.builder()
          .requestFactory(new HttpComponentsClientHttpRequestFactory(httpClient)).build();

      Throwable thrown = catchThrowable(() -> restClient.get()
          .uri(Fixtures.url(origin, "/x")).retrieve().body(String.class));

      ProxyAuthException e = Fixtures.proxyAuthFailure(thrown);
      assertThat(e).as("the cause of %s", thrown).isNotNull();
      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
      assertThat(thrown.getMessage()).doesNotContain(Scheme.CANARY);
      assertThat(origin.getRequestCount()).isZero();
    }
  }
}
