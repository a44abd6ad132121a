package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Methods with rules of their own: HEAD (no content) and OPTIONS with Max-Forwards: 0. */
class TestProxyMethodsTest {

  @Test
  void headGets407WithoutContentAndTheConnectionStaysUsable() throws Exception {
    try (TestProxy proxy = TestProxy.builder().user("alice", "pw").basic("corp").build();
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response head = client.send("HEAD http://origin.invalid/ HTTP/1.1\r\n"
          + "Host: origin.invalid\r\n\r\n").read(true);
      RawClient.Response options = client.send("OPTIONS http://origin.invalid/ HTTP/1.1\r\n"
          + "Host: origin.invalid\r\nMax-Forwards: 0\r\n"
          + "Proxy-Authorization: Basic YWxpY2U6cHc=\r\n\r\n").read();

      assertThat(head.code()).isEqualTo(407);
      assertThat(head.header("Content-Length")).isPresent();
      assertThat(options.code()).isEqualTo(200);
      assertThat(options.body()).contains("Max-Forwards");
    }
  }
}
