package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Runs the CLI in-process and checks its output for leaked secrets. */
final class Cli {
  static final String USER = "alice";
  static final String DOMAIN = "CORP";
  /** Canary passwords: neither may appear in any output. */
  static final String PASSWORD = "canary-Pa55w0rd-6612";
  static final String WRONG = "canary-Wr0ng-9034";
  static final HeldCertificate CERT = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();

  /** The result of one run. */
  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }

    /** Returns {@code err} with line wrapping undone: runs of white space become one space. */
    String flatErr() {
      return err.replaceAll("\\s+", " ");
    }
  }

  private Cli() {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env::get, name -> null, false);
    return new Result(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  static DemoOrigin httpsOrigin() throws IOException {
    return DemoOrigin.https(new HandshakeCertificates.Builder().heldCertificate(CERT).build()
        .sslContext());
  }

  static Path caFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("ca.pem"), CERT.certificatePem());
  }

  /** Returns a proxy requiring {@code scheme} of {@link #USER} with {@link #PASSWORD}. */
  static TestProxy proxy(String scheme) throws IOException {
    TestProxy.Builder builder = TestProxy.builder().user(USER, PASSWORD);
    return switch (scheme) {
      case "basic" -> builder.basic("corp").build();
      case "digest" -> builder.digest("corp").build();
      case "ntlm" -> builder.ntlm(DOMAIN).build();
      default -> throw new IllegalArgumentException(scheme);
    };
  }

  /** Returns a loopback port that nothing listens on (it was free a moment ago). */
  static int closedPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  static String user(String scheme) {
    return scheme.equals("ntlm") ? DOMAIN + "\\" + USER : USER;
  }

  /**
   * Asserts that no output contains a password or any {@code Proxy-Authorization} value (or its
   * token) that a client sent to {@code proxy}.
   */
  static void assertNoSecrets(Result result, TestProxy proxy) {
    assertThat(result.all()).doesNotContain(PASSWORD).doesNotContain(WRONG);
    for (RecordedRequest request : proxy.requests()) {
      for (String value : request.headers("Proxy-Authorization")) {
        String token = value.substring(value.indexOf(' ') + 1);
        assertThat(result.all()).as("output of a run that sent %s", value.split(" ")[0])
            .doesNotContain(value).doesNotContain(token.substring(0, Math.min(12,
                token.length())));
      }
    }
  }
}
