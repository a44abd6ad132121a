package io.github.proxyauth.it.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@link Consumer} as a named module on the module path, in a JVM of its own (the JDK that
 * runs the build: 17 and 25 in CI), and compiles consumers against the descriptors: the API
 * packages are readable, the internal ones are not.
 */
class ModulePathTest {
  private static final String PASSWORD = "canary-jpms-Pa55";
  private static HttpServer origin;

  @TempDir Path work;

  @BeforeAll
  static void startOrigin() throws IOException {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", exchange -> {
      byte[] body = "hello from the origin".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
  }

  @AfterAll
  static void stopOrigin() {
    origin.stop(0);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"basic", "digest", "ntlm"})
  void bothAdaptersWorkOnTheModulePath(String scheme) throws Exception {
    try (TestProxy proxy = proxy(scheme)) {
      List<String> out = runConsumer(proxy.port(), "alice",
          "http://127.0.0.1:" + origin.getAddress().getPort() + "/");

      assertThat(out).contains("module io.github.proxyauth named=true",
          "okhttp 200 hello from the origin", "java.net.http 200 hello from the origin");
      assertThat(out).doesNotContain("exit 1").contains("exit 0");
      assertThat(String.join("\n", out)).doesNotContain(PASSWORD);
      assertThat(proxy.requests()).anyMatch(r -> r.header("Proxy-Authorization").isPresent());
    }
  }

  @Test
  void onlyTheApiPackagesAreExported() throws Exception {
    try (TestProxy proxy = proxy("basic")) {
      List<String> out = runConsumer(proxy.port(), "alice",
          "http://127.0.0.1:" + origin.getAddress().getPort() + "/");

      List<String> exported = out.stream().filter(l -> l.endsWith(" exported=true"))
          .map(l -> l.split(" ")[1]).toList();
      assertThat(exported).containsExactlyInAnyOrder("io.github.proxyauth",
          "io.github.proxyauth.spi", "io.github.proxyauth.discovery",
          "io.github.proxyauth.preflight");
      assertThat(out).contains("package io.github.proxyauth.internal.engine exported=false");
    }
  }

  @Test
  void aConsumerCompilesAgainstTheApiAndNotAgainstInternals() throws IOException {
    String api = "import io.github.proxyauth.ProxyAuthenticator;\n"
        + "import io.github.proxyauth.spi.AuthExchange;\n"
        + "import io.github.proxyauth.discovery.ProxyDiscovery;\n"
        + "import io.github.proxyauth.preflight.Preflight;\n"
        + "class Uses { AuthExchange e; ProxyDiscovery d; Preflight p; ProxyAuthenticator a; }\n";
    assertThat(compile("good", api)).isEmpty();

    String internal = "import io.github.proxyauth.internal.engine.Engine;\n"
        + "class Uses { Engine e; }\n";
    assertThat(compile("bad", internal))
        .contains("package io.github.proxyauth.internal.engine is not visible");
  }

  private static TestProxy proxy(String scheme) throws IOException {
    TestProxy.Builder builder = TestProxy.builder().user("alice", PASSWORD);
    return switch (scheme) {
      case "basic" -> builder.basic("jpms").build();
      case "digest" -> builder.digest("jpms").build();
      case "ntlm" -> builder.ntlm("CORP").build();
      default -> throw new IllegalArgumentException(scheme);
    };
  }

  private List<String> runConsumer(int port, String user, String url) throws Exception {
    Path log = work.resolve("consumer.log");
    ProcessBuilder builder = new ProcessBuilder(javaBinary(), "--module-path", modulePath(),
        "--module", "io.github.proxyauth.it.jpms/io.github.proxyauth.it.jpms.Consumer",
        String.valueOf(port), user, url)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PROXYAUTH_PASSWORD", PASSWORD);
    Process process = builder.start();
    boolean done = process.waitFor(90, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    List<String> out = new ArrayList<>(Files.readAllLines(log));
    out.add(done ? "exit " + process.exitValue() : "timed out");
    return out;
  }

  /** Compiles a module {@code name} holding {@code source}; returns the compiler's output. */
  private String compile(String name, String source) throws IOException {
    Path src = work.resolve(name);
    Files.createDirectories(src.resolve("p"));
    Files.writeString(src.resolve("module-info.java"),
        "module sneaky." + name + " { requires io.github.proxyauth.okhttp; }\n");
    Files.writeString(src.resolve("p/Uses.java"), "package p;\n" + source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    List<String> options = List.of("--module-path", modulePath(), "-d",
        work.resolve(name + "-out").toString(), src.resolve("module-info.java").toString(),
        src.resolve("p/Uses.java").toString());
    javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        diagnostics.write(b);
      }
    }, true, StandardCharsets.UTF_8), options.toArray(String[]::new));
    return diagnostics.toString();
  }

  private static String modulePath() {
    return System.getProperty("proxyauth.jpms.modules") + java.io.File.pathSeparator
        + System.getProperty("proxyauth.jpms.classes");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
