package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Canary passwords and the relay's secret never show in logs at any level, exception messages
 * and stack traces, {@code toString}, events or anything an origin receives; the relay refuses
 * clients without its secret.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretLeakTest {
  static final String GOOD = "canary-Good-Pw-5150";
  static final String BAD = "canary-Bad-Pw-6061";
  final List<String> captured = new CopyOnWriteArrayList<>();
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      captured.add(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage() + " "
          + List.of(r.getParameters() == null ? new Object[0] : r.getParameters())
          + (r.getThrown() == null ? "" : " " + stackTrace(r.getThrown())));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  Level previousLevel;

  @BeforeEach
  void captureEveryLogRecord() {
    Logger root = Logger.getLogger("");
    previousLevel = root.getLevel();
    root.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
  }

  @AfterEach
  void stopCapturing() {
    Logger root = Logger.getLogger("");
    root.removeHandler(handler);
    root.setLevel(previousLevel);
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic", "digest", "ntlm"})
  void canariesNeverLeakOnSuccessOrFailure(String scheme) throws Exception {
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    List<String> relaySecrets = new CopyOnWriteArrayList<>();
    String user = scheme.equals("ntlm") ? Fixtures.DOMAIN + "\\" + Fixtures.USER : Fixtures.USER;
    try (TestProxy proxy = TestProxy.builder().user(Fixtures.USER, GOOD).basic("corp")
        .digest("corp").ntlm(Fixtures.DOMAIN).build();
        MockWebServer origin = Fixtures.origin(false, false)) {
      for (String password : List.of(GOOD, BAD)) {
        ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(scheme(scheme))
            .credentials(Credentials.of(user, password.toCharArray())).listener(events::add)
            .build();
        try (ProxyAuthHttpClient client = Fixtures.client(proxy, auth,
            HttpClient.Version.HTTP_1_1)) {
          Object outcome = outcome(client, Fixtures.url(origin, false, "/x"));
          captured.add(String.valueOf(outcome));
          captured.add(auth + " " + client + " " + auth.metrics());
          captured.add(Credentials.of(user, password.toCharArray()).toString());
          captured.add(client.proxy().orElseThrow().toString());
          relaySecrets.add(relaySecretOf(client));
        }
      }
      events.forEach(e -> captured.add(e.toString()));
      for (int i = 0; i < origin.getRequestCount(); i++) {
        RecordedRequest seen = origin.takeRequest();
        assertThat(seen.getHeaders().names()).map(String::toLowerCase)
            .doesNotContain("proxy-authorization", "proxy-relay-token");
      }
    }
    assertThat(captured).isNotEmpty();
    noSecretIn(captured, GOOD, BAD);
    noSecretIn(captured, relaySecrets.toArray(String[]::new));
  }

  @Test
  void relayRefusesClientsWithoutOrWithAWrongSecret() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", GOOD), HttpClient.Version.HTTP_1_1)) {
      URI uri = Fixtures.url(origin, false, "/");
      InetSocketAddress relay = Fixtures.relayAddress(client, uri);
      String secret = relaySecretOf(client);
      String wrong = secret.substring(0, secret.length() - 1)
          + (secret.endsWith("A") ? "B" : "A");
      for (String header : List.of("", "Proxy-Relay-Token: " + wrong + "\r\n",
          "Proxy-Relay-Token: \r\n", "proxy-relay-token: " + secret + "x\r\n")) {
        String response = raw(relay, "GET " + uri + " HTTP/1.1\r\nHost: x\r\n" + header + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 403 ").doesNotContain(secret);
      }
      assertThat(proxy.requestCount()).isZero();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  static Object outcome(HttpClient client, URI uri) {
    Throwable thrown = catchThrowable(() -> client.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
    return thrown == null ? "ok" : stackTrace(thrown);
  }

  /** The secret travels in the header the wrapping client adds; read it back from a request. */
  static String relaySecretOf(HttpClient client) throws Exception {
    java.lang.reflect.Field relay = ProxyAuthHttpClient.class.getDeclaredField("relay");
    relay.setAccessible(true);
    return ((io.github.proxyauth.relay.internal.Relay) relay.get(client)).token();
  }

  static void noSecretIn(List<String> texts, String... secrets) {
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("captured text").doesNotContain(secret);
      }
    }
  }

  static String raw(InetSocketAddress address, String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(out);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static AuthScheme scheme(String name) {
    return switch (name) {
      case "basic" -> AuthScheme.basic();
      case "digest" -> AuthScheme.digest();
      default -> AuthScheme.ntlm();
    };
  }

  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
