package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;

/** Each surefire execution runs against the HttpClient 5 line it names. */
class HttpClientVersionTest {
  @Test
  void runsAgainstTheExpectedHttpClientLine() {
    String jar = HttpClientBuilder.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath();
    assertThat(jar).contains("httpclient5-" + System.getProperty("httpclient5.expected", "?"));
  }
}
