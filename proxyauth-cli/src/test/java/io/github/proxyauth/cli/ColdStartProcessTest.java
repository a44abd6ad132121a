package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.testkit.TestProxy;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process: an http URL through the proxy loads no TLS implementation, and
 * a redirect from it to https still works (the TLS client is built then).
 */
class ColdStartProcessTest {
  @TempDir Path dir;
  DemoOrigin https;
  HttpServer http;
  TestProxy proxy;

  @BeforeEach
  void start() throws Exception {
    https = Cli.httpsOrigin();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/plain", exchange -> {
      byte[] body = "plain".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().set("Location", https.url().toString());
      exchange.sendResponseHeaders(301, -1);
      exchange.close();
    });
    http.start();
    proxy = Cli.proxy("basic");
  }

  @AfterEach
  void stop() {
    proxy.close();
    http.stop(0);
    https.close();
  }

  String httpUrl(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  @Test
  void httpUrlLoadsNoTlsImplementation() throws Exception {
    Path log = dir.resolve("classes.txt");
    Run run = cli(List.of("-Xlog:class+load=info:file=" + log), "fetch", httpUrl("/plain"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("plain");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).noneMatch(l -> l.contains(" sun.security.ssl.SSLContextImpl "))
        .noneMatch(l -> l.contains(" javax.net.ssl.TrustManagerFactory "));
  }

  @Test
  void redirectFromHttpToHttpsIsFollowedWithTheDefaultTrust() throws Exception {
    Path store = dir.resolve("trust.p12");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("origin", Cli.CERT.certificate());
    try (OutputStream out = Files.newOutputStream(store)) {
      trust.store(out, "changeit".toCharArray());
    }
    Run run = cli(List.of("-Djavax.net.ssl.trustStore=" + store,
        "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"),
        "fetch", httpUrl("/moved"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(DemoOrigin.GREETING);
  }

  record Run(int exit, String out, String err) {}

  Run cli(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
        "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--proxy", proxy.url().toString(), "--user", Cli.USER,
        "--password-env", "PW"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("PW", Cli.PASSWORD);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the CLI did not finish within 60 s");
    }
    return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }
}
