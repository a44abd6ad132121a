package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as its own process, used by the real curl: NTLM upstream for plain http and a
 * CONNECT tunnel, a real SIGHUP that switches the upstream, a real SIGTERM that exits 0.
 */
class ServeProcessTest {
  private static final long WAIT_SECONDS = 60;
  @TempDir Path dir;
  DemoOrigin http;
  DemoOrigin https;
  TestProxy ntlm;
  TestProxy basic;
  Process serve;
  final List<String> output = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    http = DemoOrigin.http();
    https = Cli.httpsOrigin();
    ntlm = Cli.proxy("ntlm");
    basic = Cli.proxy("basic");
  }

  @AfterEach
  void stop() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    basic.close();
    ntlm.close();
    https.close();
    http.close();
  }

  Path config(TestProxy proxy, String user) throws IOException {
    return Files.writeString(dir.resolve("serve.properties"), String.join("\n",
        "listen=127.0.0.1:0", "proxy=" + proxy.url(), "user=" + user.replace("\\", "\\\\"),
        "password-env=PW", "access-log=" + dir.resolve("access.log"), ""));
  }

  @Test
  void curlGetsThroughAndRealSignalsReloadAndDrain() throws Exception {
    Path config = config(ntlm, Cli.user("ntlm"));
    BlockingQueue<String> out = new LinkedBlockingQueue<>();
    BlockingQueue<String> err = new LinkedBlockingQueue<>();
    serve = java("serve", "--config", config.toString());
    lines(serve.getInputStream(), out);
    lines(serve.getErrorStream(), err);
    Matcher started = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ")
        .matcher(await(out, "listening on"));
    assertThat(started.find()).isTrue();
    String local = "http://127.0.0.1:" + started.group(1);
    assertThat(await(out, "listening on")).contains("signals: TERM drains and exits 0, HUP"
        + " reloads");

    assertThat(curl(local, http.url().toString())).isEqualTo(DemoOrigin.GREETING);
    assertThat(curl(local, https.url().toString(), "--cacert",
        Cli.caFile(dir).toString())).isEqualTo(DemoOrigin.GREETING);

    config(basic, Cli.USER);
    run("kill", "-HUP", Long.toString(serve.pid()));
    await(err, "proxyauth serve: reloaded");
    assertThat(curl(local, http.url().toString())).isEqualTo(DemoOrigin.GREETING);
    assertThat(basic.requestCount()).isPositive();

    run("kill", "-TERM", Long.toString(serve.pid())); // not destroy(): it closes our pipes
    assertThat(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).isZero();
    assertThat(await(err, "proxyauth serve: stopped")).contains("after draining");
    String everything;
    synchronized (output) {
      everything = String.join("\n", output);
    }
    assertThat(everything).doesNotContain("Exception");
    assertThat(everything + Files.readString(dir.resolve("access.log")))
        .doesNotContain(Cli.PASSWORD);
  }

  @Test
  void aServeStartedWithHupIgnoredSaysThatReloadIsUnavailable() throws Exception {
    Path config = config(ntlm, Cli.user("ntlm"));
    BlockingQueue<String> out = new LinkedBlockingQueue<>();
    serve = java(List.of("env", "--ignore-signal=HUP"), "serve", "--config", config.toString());
    lines(serve.getInputStream(), out);
    lines(serve.getErrorStream(), new LinkedBlockingQueue<>());

    assertThat(await(out, "listening on")).contains("signals: TERM drains and exits 0, HUP"
        + " reload unavailable (HUP ignored since start, as under nohup");
    run("kill", "-TERM", Long.toString(serve.pid()));
    assertThat(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).isZero();
  }

  private Process java(String... args) throws IOException {
    return java(List.of(), args);
  }

  /** Starts {@code serve}'s JVM after {@code launcher} (for example {@code env} options). */
  private Process java(List<String> launcher, String... args) throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(Path.of(System.getProperty("java.home"),
        "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PW", Cli.PASSWORD);
    return builder.start();
  }

  private String curl(String proxy, String url, String... more) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
        "--noproxy", "", "-x", proxy, url));
    command.addAll(List.of(more));
    return run(command.toArray(String[]::new));
  }

  private String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] bytes = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
    return text;
  }

  private void lines(InputStream stream, BlockingQueue<String> queue) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream,
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (output) {
            output.add(line);
          }
          queue.add(line);
        }
      } catch (IOException e) {
        queue.add("reader failed: " + e);
      }
    }, "serve-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Returns the first line that contains {@code part}, waiting at most a minute. */
  private String await(BlockingQueue<String> queue, String part) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    synchronized (output) {
      for (String line : output) {
        if (line.contains(part)) {
          return line;
        }
      }
    }
    while (true) {
      String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line with '" + part + "' within " + WAIT_SECONDS
            + " s; output: " + output);
      }
      if (line.contains(part)) {
        return line;
      }
    }
  }
}
