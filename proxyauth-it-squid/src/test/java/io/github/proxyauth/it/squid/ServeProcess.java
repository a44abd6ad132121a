package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code proxyauth serve} as its own process, the way a user runs it: {@code java} of this JVM
 * with the test class path (which holds proxyauth-cli) running {@code io.github.proxyauth.cli.Main
 * serve}, on free loopback ports for the proxy and the admin endpoint, its access log in a file.
 * A child JVM rather than in-process: serve installs signal handlers and a shutdown hook, and a
 * real SIGTERM must drain it and exit 0. Environment: only {@code PATH}, {@code LANG}, a fresh
 * {@code HOME}, a ticket cache that does not exist, and what the caller adds (no proxy
 * variables). Output goes to files (no pipe can fill up); every wait is bounded.
 */
final class ServeProcess implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String MAIN = "io.github.proxyauth.cli.Main";
  private static final Pattern LISTENING = Pattern.compile("proxyauth serve: listening on"
      + " 127\\.0\\.0\\.1:(\\d+) .*admin http://127\\.0\\.0\\.1:(\\d+)/");

  private final Process process;
  private final Path dir;
  private final InetSocketAddress address;
  private final InetSocketAddress admin;

  private ServeProcess(Process process, Path dir, Matcher started) {
    this.process = process;
    this.dir = dir;
    this.address = new InetSocketAddress("127.0.0.1", Integer.parseInt(started.group(1)));
    this.admin = new InetSocketAddress("127.0.0.1", Integer.parseInt(started.group(2)));
  }

  /**
   * Returns a serve process started with {@code options} after the listen, admin and access-log
   * ones, once it printed its start-up line; files in {@code dir}.
   *
   * @throws AssertionError when it exits or prints no start-up line within {@link #WAIT}
   */
  static ServeProcess start(Path dir, List<String> options, Map<String, String> env)
      throws IOException {
    Files.createDirectories(dir.resolve("home"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        // What the CLI jar's manifest adds: lets --krb5-conf reload the JDK's Kerberos settings.
        "--add-exports", "java.security.jgss/sun.security.krb5=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), MAIN, "serve",
        "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
        "--access-log", dir.resolve("access.log").toString()));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("LANG", "C.UTF-8");
    environment.put("HOME", dir.resolve("home").toString());
    environment.put("KRB5CCNAME", "FILE:" + dir.resolve("no-ticket-here.cc"));
    environment.putAll(env);
    Process process = builder.start();
    try {
      return new ServeProcess(process, dir, awaitStart(process, dir));
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static Matcher awaitStart(Process process, Path dir) {
    Path stdout = dir.resolve("stdout.txt");
    String text = FileWatch.await(stdout, () -> read(stdout),
        t -> LISTENING.matcher(t).find() || !process.isAlive(), WAIT,
        t -> "serve printed no start-up line within " + WAIT + ": " + t + read(dir.resolve(
            "stderr.txt")));
    Matcher started = LISTENING.matcher(text);
    if (!started.find()) {
      throw new AssertionError("serve exited with " + process.exitValue() + ": " + text
          + read(dir.resolve("stderr.txt")));
    }
    return started;
  }

  /** Returns the address clients use as their proxy. */
  InetSocketAddress address() {
    return address;
  }

  /** Returns the admin endpoint's answer to {@code GET path} (bounded). */
  HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    HttpClient direct = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(WAIT).build();
    return direct.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the access-log lines once there are at least {@code count} of them. */
  List<String> awaitAccessLog(int count) {
    Path log = dir.resolve("access.log");
    return FileWatch.await(log, this::accessLog, lines -> lines.size() >= count, WAIT,
        lines -> "serve's access log did not reach " + count + " lines within " + WAIT + ": "
            + lines);
  }

  /** Returns the complete lines of the access log so far. */
  List<String> accessLog() {
    String text = read(dir.resolve("access.log"));
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end + 1).lines().toList();
  }

  /** Returns what serve printed on stdout and stderr so far. */
  String output() {
    return read(dir.resolve("stdout.txt")) + read(dir.resolve("stderr.txt"));
  }

  /**
   * Sends SIGTERM (what {@code systemctl stop} does) and returns the exit status.
   *
   * @throws AssertionError when serve does not exit within {@link #WAIT}
   */
  int stop() throws InterruptedException {
    process.destroy(); // SIGTERM on Linux
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("serve did not exit within " + WAIT + " of SIGTERM: "
          + output());
    }
    return process.exitValue();
  }

  /** Kills serve when it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
