package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --config}: flags over the file, and SIGHUP's reload (called directly here). */
class ServeReloadTest {
  @TempDir Path dir;
  DemoOrigin http;
  TestProxy first;
  TestProxy second;

  @BeforeEach
  void start() throws Exception {
    http = DemoOrigin.http();
    first = Cli.proxy("basic");
    second = Cli.proxy("ntlm");
  }

  @AfterEach
  void stop() {
    second.close();
    first.close();
    http.close();
  }

  Path config(String... lines) throws Exception {
    return Files.writeString(dir.resolve("serve.properties"), String.join("\n", lines) + "\n");
  }

  /**
   * Writes the config file: port 0, Basic as alice through {@code proxy} with the password from
   * PW, the access log {@code accessLog}.
   */
  Path basicConfig(TestProxy proxy, String accessLog) throws Exception {
    return config("listen=127.0.0.1:0", "proxy=" + proxy.url(), "user=alice", "password-env=PW",
        "access-log=" + accessLog);
  }

  /** Starts serve with {@code config} and no other option. */
  static ServeRun serve(Path config) {
    return ServeRun.start(ServeTest.ENV, "--config", config.toString());
  }

  @Test
  void flagsOverrideTheConfigFile() throws Exception {
    Path config = config("listen=127.0.0.1:0", "proxy=http://127.0.0.1:" + Cli.closedPort(),
        "user=alice", "password-env=PW", "access-log=none");
    try (ServeRun serve = ServeRun.start(ServeTest.ENV, "--config", config.toString(),
        "--proxy", first.url().toString())) {
      assertThat(ServeRun.get(serve.client(ServeTest.TRUST), http.url()).body())
          .isEqualTo(DemoOrigin.GREETING);
      assertThat(first.requestCount()).isPositive();
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void reloadSwitchesTheUpstreamForNewRequests() throws Exception {
    Path config = basicConfig(first, "none");
    try (ServeRun serve = serve(config)) {
      HttpClient client = serve.client(ServeTest.TRUST);
      assertThat(ServeRun.get(client, http.url()).statusCode()).isEqualTo(200);
      int before = first.requestCount();
      config("listen=127.0.0.1:0", "proxy=" + second.url(), "user=CORP\\\\alice",
          "password-env=PW", "scheme=ntlm", "access-log=none");

      serve.reload();

      assertThat(serve.err.text()).contains("proxyauth serve: reloaded; route:",
          "via proxy 127.0.0.1:" + second.port(), "schemes: ntlm");
      assertThat(ServeRun.get(HttpClient.newBuilder().proxy(java.net.ProxySelector.of(
          serve.proxyAddress())).build(), http.url()).body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(first.requestCount()).isEqualTo(before);
      assertThat(second.requestCount()).isPositive();
      assertThat(serve.stop()).isZero();
      Cli.assertNoSecrets(new Cli.Result(0, serve.out.text(), serve.err.text()), second);
    }
  }

  @Test
  void aBadReloadKeepsTheRunningConfiguration() throws Exception {
    Path config = basicConfig(first, "none");
    try (ServeRun serve = serve(config)) {
      config("listen=127.0.0.1:0", "proxy=" + second.url(), "scheme=kerberos");

      serve.reload();

      assertThat(serve.err.text().replaceAll("\\s+", " ")).contains("reload failed, still"
          + " serving the previous configuration: " + config + ":3: scheme: expected scheme");
      assertThat(ServeRun.get(serve.client(ServeTest.TRUST), http.url()).statusCode())
          .isEqualTo(200);
      assertThat(second.requestCount()).isZero();
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void listenAndAdminChangesSayThatARestartIsNeeded() throws Exception {
    Path config = basicConfig(first, "none");
    try (ServeRun serve = serve(config)) {
      config("listen=127.0.0.1:" + Cli.closedPort(), "proxy=" + first.url(), "user=alice",
          "password-env=PW", "access-log=none", "admin=127.0.0.1:0"); // a changed listen

      serve.reload();

      assertThat(serve.err.text()).contains("--listen changed to 127.0.0.1:",
          "restart to apply it", "--admin changed to 127.0.0.1:0");
      assertThat(ServeRun.get(serve.client(ServeTest.TRUST), http.url()).statusCode())
          .isEqualTo(200);
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void reloadReopensTheAccessLog() throws Exception {
    Path log = dir.resolve("access.log");
    Path rotated = dir.resolve("access.log.1");
    Path config = basicConfig(first, log.toString());
    try (ServeRun serve = serve(config)) {
      HttpClient client = serve.client(ServeTest.TRUST);
      ServeRun.get(client, http.url());
      awaitLines(log, 1); // the line is written after the response, like a rotation racing it
      Files.move(log, rotated);

      serve.reload();
      ServeRun.get(client, http.url());

      assertThat(serve.stop()).isZero();
      assertThat(Files.readAllLines(rotated)).hasSize(1);
      assertThat(Files.readAllLines(log)).hasSize(1);
    }
  }

  /** Polls, bounded, until {@code file} has {@code count} lines: the access log is written after the response. */
  private static void awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + ServeRun.WAIT.toNanos();
    while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " did not reach " + count + " lines within " + ServeRun.WAIT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }
}
