package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import java.io.IOException;
import java.lang.ref.WeakReference;
import okhttp3.Authenticator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** What the calling thread keeps after a tunnel that never came up. */
class TunnelRecordTest {
  static final String FORBIDDEN = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";

  @Test
  void refusedTunnelLeavesNothingOnTheThreadThatKeepsTheAuthenticatorReachable() throws Exception {
    try (RawProxy proxy = new RawProxy(FORBIDDEN)) {
      WeakReference<Authenticator> authenticator = failTunnelOnThisThread(proxy);

      for (int i = 0; i < 50 && !authenticator.refersTo(null); i++) {
        System.gc();
      }

      assertThat(authenticator.refersTo(null)).as("authenticator of a dropped client").isTrue();
      assertThat(proxy.requests).hasSize(1).first().asString().startsWith("CONNECT ");
    }
  }

  /** Returns the proxy authenticator of a client whose CONNECT the proxy refused. */
  private static WeakReference<Authenticator> failTunnelOnThisThread(RawProxy proxy) {
    ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
        .credentials(Credentials.of("alice", "pw".toCharArray())).build();
    OkHttpClient client = Calls.client(engine, proxy.proxy());

    Throwable thrown = catchThrowable(() -> Calls.get(client, "https://127.0.0.1:9/"));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("403");
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    return new WeakReference<>(client.proxyAuthenticator());
  }
}
