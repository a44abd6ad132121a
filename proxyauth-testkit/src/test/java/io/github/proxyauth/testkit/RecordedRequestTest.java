package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {
  private final RecordedRequest request = new RecordedRequest("CONNECT", "h:443", "HTTP/1.1",
      List.of(new RecordedRequest.Header("Host", "h:443"),
          new RecordedRequest.Header("Proxy-Authorization", "Basic Y2FuYXJ5LXNlY3JldA=="),
          new RecordedRequest.Header("proxy-authorization", "NTLM canary-token")),
      3, 7, RecordedRequest.Auth.REJECTED, Optional.empty());

  @Test
  void toStringRedactsCredentials() {
    assertThat(request.toString())
        .contains("Proxy-Authorization: Basic <redacted>", "NTLM <redacted>", "Host: h:443")
        .doesNotContain("Y2FuYXJ5LXNlY3JldA==", "canary-token");
  }

  @Test
  void findsHeadersCaseInsensitivelyInOrder() {
    assertThat(request.header("PROXY-AUTHORIZATION")).hasValue("Basic Y2FuYXJ5LXNlY3JldA==");
    assertThat(request.headers("Proxy-Authorization")).hasSize(2);
    assertThat(request.header("Absent")).isEmpty();
    assertThat(request.isConnect()).isTrue();
  }
}
