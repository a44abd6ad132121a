package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthEvent.Type;
import io.github.proxyauth.AuthMetrics;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.RawProxy;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Endless and unreadable 407s from a raw proxy end with a diagnosis, never with a loop. */
class AttemptCapTest {
  static final String ENDLESS = "HTTP/1.1 407 Again\r\nProxy-Authenticate: Loop\r\n"
      + "Content-Length: 0\r\n\r\n";

  static ProxyAuthenticator engine(int maxAttempts) {
    return ProxyAuthenticator.builder().schemes(new LoopScheme()).maxAttempts(maxAttempts).build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:9/", "https://127.0.0.1:9/"})
  void endlessHandshakeStopsAtTheEngineCap(String url) throws Exception {
    try (RawProxy proxy = RawProxy.replaying(ENDLESS)) {
      OkHttpClient client = Calls.client(engine(4), proxy.proxy());

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, url));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.TOO_MANY_ATTEMPTS);
      assertThat(proxy.requests()).hasSize(5).first().asString().endsWith(" -");
      assertThat(proxy.requests().subList(1, 5)).allMatch(r -> r.endsWith(" Loop"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"https://127.0.0.1:9/, 28", "http://127.0.0.1:9/, 21"})
  void theEngineEndsEveryCapWithOneGaveUpEvent(String url, int requests) throws Exception {
    EventLog events = new EventLog();
    ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(new LoopScheme())
        .maxAttempts(27).listener(events).build();
    try (RawProxy proxy = RawProxy.replaying(ENDLESS)) {
      OkHttpClient client = Calls.client(engine, proxy.proxy());

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, url));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.TOO_MANY_ATTEMPTS);
      // CONNECT: the engine's cap (27) is the only one. Forwarded: OkHttp's own limit of 20
      // follow-ups comes first, and the adapter reports it through the engine too.
      assertThat(proxy.requests()).hasSize(requests);
      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(events.types()).filteredOn(t -> t == Type.GAVE_UP).hasSize(1);
      assertThat(engine.metrics().snapshot().stream().mapToLong(AuthMetrics.Counts::loopsStopped)
          .sum()).isEqualTo(1);
    }
  }

  @Test
  void connect407WithoutLengthOnAKeptAliveConnectionFailsFast() throws Exception {
    String noLength = "HTTP/1.1 407 Who\r\nProxy-Authenticate: Basic realm=\"r\"\r\n\r\n";
    try (RawProxy proxy = RawProxy.replaying(noLength)) {
      ProxyAuthenticator engine = ProxyAuthenticator.builder().schemes(AuthScheme.basic())
          .credentials(Credentials.of("alice", "pw".toCharArray())).build();
      OkHttpClient client = Calls.client(engine, proxy.proxy());

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, "https://127.0.0.1:9/"));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("without a length");
      assertThat(proxy.requests()).containsExactly("CONNECT 127.0.0.1:9 HTTP/1.1 -");
    }
  }

  @Test
  void proxySpoofingThePreemptiveChallengeGetsNoReset() throws Exception {
    String spoof = "HTTP/1.1 407 X\r\nProxy-Authenticate: OkHttp-Preemptive\r\n"
        + "Content-Length: 0\r\n\r\n";
    try (RawProxy proxy = RawProxy.replaying(spoof)) {
      OkHttpClient client = Calls.client(engine(4), proxy.proxy());

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, "https://127.0.0.1:9/"));

      assertThat(e.diagnosis().orElseThrow().reason()).isEqualTo(Reason.NO_USABLE_SCHEME);
      assertThat(proxy.requests()).hasSize(1);
    }
  }
}
