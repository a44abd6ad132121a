package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} lives long: a PAC file edit and a changed PAC URL (re-validated with its ETag)
 * route a new domain through the proxy, and a password rotated in the credentials file is read
 * after the proxy rejected the old one, all without a restart.
 */
class ServeLivesLongTest {
  static final String DIRECT = "function FindProxyForURL(url, host) { return 'DIRECT'; }";
  @TempDir Path dir;
  DemoOrigin http;
  TestProxy proxy;
  /** The origin by a name the PAC scripts route: DIRECT first, then through the proxy. */
  URI target;

  @BeforeEach
  void start() throws Exception {
    http = DemoOrigin.http();
    proxy = Cli.proxy("basic");
    target = URI.create(http.url().toString().replace("127.0.0.1", "localhost"));
  }

  @AfterEach
  void stop() {
    proxy.close();
    http.close();
  }

  String viaProxy() {
    return "function FindProxyForURL(url, host) { return host == 'localhost'"
        + " ? 'PROXY 127.0.0.1:" + proxy.port() + "' : 'DIRECT'; }";
  }

  ServeRun serve(String pac, Path log, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--listen", "127.0.0.1:0", "--pac",
        pac, "--pac-refresh", "0", "--user", Cli.USER, "--password-env", "PW", "--access-log",
        log.toString()));
    args.addAll(List.of(more));
    return ServeRun.start(ServeTest.ENV, args.toArray(String[]::new));
  }

  @Test
  void aPacFileEditRoutesANewDomainThroughTheProxyWithoutARestart() throws Exception {
    Path pac = Files.writeString(dir.resolve("proxy.pac"), DIRECT);
    Path log = dir.resolve("access.log");
    try (ServeRun serve = serve(pac.toString(), log)) {
      HttpClient client = serve.client(ServeTest.TRUST);
      assertThat(ServeRun.get(client, target).body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(proxy.requestCount()).isZero();

      Files.writeString(pac, viaProxy());

      assertThat(ServeRun.get(client, target).body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(proxy.requests()).anySatisfy(r -> assertThat(r.user()).contains(Cli.USER));
      assertThat(serve.stop()).isZero();
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).contains(" route=DIRECT ", "why=\"PAC");
      assertThat(lines.get(1)).contains(" route=\"proxy 127.0.0.1:" + proxy.port() + "\"",
          "why=\"PAC", " status=200 ");
      Cli.assertNoSecrets(new Cli.Result(0, String.join("\n", lines), serve.all()), proxy);
    }
  }

  @Test
  void aChangedPacUrlIsPickedUpByItsEtagWithoutARestart() throws Exception {
    AtomicReference<String> version = new AtomicReference<>("v1");
    try (MockWebServer wpad = new MockWebServer()) {
      wpad.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
          String current = version.get();
          String etag = "\"" + current + "\"";
          if (etag.equals(request.getHeaders().get("If-None-Match"))) {
            return new MockResponse.Builder().code(304).addHeader("ETag", etag).build();
          }
          return new MockResponse.Builder().addHeader("ETag", etag)
              .addHeader("Content-Type", "application/x-ns-proxy-autoconfig")
              .body(current.equals("v1") ? DIRECT : viaProxy()).build();
        }
      });
      wpad.start(InetAddress.getByName("127.0.0.1"), 0);
      Path log = dir.resolve("access.log");
      try (ServeRun serve = serve(wpad.url("/wpad.dat").toString(), log)) {
        HttpClient client = serve.client(ServeTest.TRUST);
        ServeRun.get(client, target);
        ServeRun.get(client, target);
        assertThat(proxy.requestCount()).isZero();

        version.set("v2");

        assertThat(ServeRun.get(client, target).body()).isEqualTo(DemoOrigin.GREETING);
        assertThat(proxy.requests()).anySatisfy(r -> assertThat(r.user()).contains(Cli.USER));
        assertThat(serve.stop()).isZero();
        assertThat(Files.readAllLines(log)).extracting(l -> l.contains(" route=DIRECT "))
            .containsExactly(true, true, false);
      }
      List<String> conditions = new java.util.ArrayList<>();
      for (int i = wpad.getRequestCount(); i > 0; i--) {
        conditions.add(String.valueOf(wpad.takeRequest().getHeaders().get("If-None-Match")));
      }
      assertThat(conditions).first().isEqualTo("null");
      assertThat(conditions).contains("\"v1\"");
    }
  }

  @Test
  void aRotatedPasswordInTheCredentialsFileIsReadAfterTheRejectionWithoutARestart() throws Exception {
    String bob = "canary-Bob-Pw-1111";
    String rotated = "canary-Bob-Pw-2222";
    Path credentials = dir.resolve("credentials");
    try (TestProxy upstream = aliceAndBob(bob);
        ServeRun serve = serveAsAlice(upstream, credentials, "86400")) {
      HttpClient client = serve.client(ServeTest.TRUST);

      Files.writeString(credentials, "127.0.0.1:" + upstream.port() + " bob " + bob + "\n");

      // Until the file's next check (a day away here) credentials that still work stay...
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      assertThat(last(upstream).user()).contains("alice");
      serve.reload(); // ... or at SIGHUP
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      assertThat(last(upstream).user()).contains("bob");

      // Rotated at the proxy and in the file, with the file's size and time unchanged: only
      // the proxy's rejection of the old password makes serve read the file again.
      FileTime time = Files.getLastModifiedTime(credentials);
      upstream.setPassword("bob", rotated);
      Files.writeString(credentials, "127.0.0.1:" + upstream.port() + " bob " + rotated + "\n");
      Files.setLastModifiedTime(credentials, time);

      int status = ServeRun.get(client, http.url()).statusCode();
      if (status != 200) { // the engine may report the rejection before trying the new one
        assertThat(status).isEqualTo(407);
        status = ServeRun.get(client, http.url()).statusCode();
      }
      assertThat(status).isEqualTo(200);
      assertThat(last(upstream).user()).contains("bob");
      assertThat(serve.stop()).isZero();
      assertThat(serve.all()).doesNotContain(bob, rotated);
      Cli.assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), upstream);
    }
  }

  @Test
  void aChangedCredentialsFileIsAppliedAtItsNextCheckWithoutARejectionFirst() throws Exception {
    String bob = "canary-Bob-Pw-3333";
    String malformed = "canary-Malformed-Pw-4444";
    Path credentials = dir.resolve("credentials");
    // --pac-refresh 0: the file is checked after every request, so no test waits on a clock.
    try (TestProxy upstream = aliceAndBob(bob);
        ServeRun serve = serveAsAlice(upstream, credentials, "0")) {
      HttpClient client = serve.client(ServeTest.TRUST);
      String proxyField = "127.0.0.1:" + upstream.port();

      Files.writeString(credentials, "# rotated\n" + proxyField + " bob " + bob + "\n");
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200); // the check
      serve.err.await("reloaded after a change of the credentials file;");
      upstream.setPassword(Cli.USER, "canary-Alice-Gone-5555"); // alice no longer works
      int before = upstream.requests().size();

      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      // The reloaded engine meets the proxy's challenge once (its auth cache is new), then
      // answers with bob: the old password is never sent, so there is no rejection.
      assertThat(upstream.requests().subList(before, upstream.requests().size()))
          .extracting(RecordedRequest::auth)
          .containsExactly(RecordedRequest.Auth.MISSING, RecordedRequest.Auth.ACCEPTED);
      assertThat(last(upstream).user()).contains("bob");

      // A file that becomes malformed, then disappears: one line each, bob stays in use.
      Files.writeString(credentials, proxyField + " bob " + malformed + " extra\n");
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      awaitLine(serve, "expected 3 fields 'host[:port] user password' but saw 4");
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      Files.delete(credentials);
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      awaitLine(serve, "does not exist");
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      assertThat(last(upstream).user()).contains("bob");
      assertThat(serve.stop()).isZero();
      String err = serve.err.text().replaceAll("\\s+", " ");
      assertThat(err.split("reload after a change of the credentials file failed, still"
          + " serving the previous configuration", -1)).hasSize(3);
      assertThat(serve.all()).doesNotContain(bob, malformed, "canary-Alice-Gone-5555");
      Cli.assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), upstream);
    }
  }

  /** Returns a Basic proxy that accepts alice and bob, bob with {@code bobPassword}. */
  private static TestProxy aliceAndBob(String bobPassword) throws IOException {
    return TestProxy.builder().user(Cli.USER, Cli.PASSWORD).user("bob", bobPassword)
        .basic("corp").build();
  }

  /**
   * Writes {@code credentials} (mode 600) with alice's entry for {@code upstream}, starts serve
   * with it (Basic, the file checked every {@code refresh}) and proves a first request is alice's.
   */
  private ServeRun serveAsAlice(TestProxy upstream, Path credentials, String refresh)
      throws Exception {
    Files.writeString(credentials, "127.0.0.1:" + upstream.port() + " alice " + Cli.PASSWORD
        + "\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    ServeRun serve = ServeRun.start(Map.of(), "--listen", "127.0.0.1:0", "--proxy",
        upstream.url().toString(), "--credentials-file", credentials.toString(), "--scheme",
        "basic", "--access-log", "none", "--pac-refresh", refresh);
    assertThat(ServeRun.get(serve.client(ServeTest.TRUST), http.url()).statusCode())
        .isEqualTo(200);
    assertThat(last(upstream).user()).contains("alice");
    return serve;
  }

  /** Waits for {@code text} on stderr, where long lines are wrapped. */
  private static void awaitLine(ServeRun serve, String text) {
    ServeRun.Capture.await(() -> serve.err.text().replaceAll("\\s+", " ").contains(text),
        serve.err);
  }

  private static RecordedRequest last(TestProxy proxy) {
    List<RecordedRequest> requests = proxy.requests();
    return requests.get(requests.size() - 1);
  }
}
