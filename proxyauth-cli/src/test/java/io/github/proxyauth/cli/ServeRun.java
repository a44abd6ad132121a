package io.github.proxyauth.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * {@code proxyauth serve} run in-process through {@link Main} on a thread, with recording signals:
 * {@link #reload()} and {@link #stop()} do what SIGHUP and SIGTERM do. Output is captured; waits
 * for it are bounded.
 */
final class ServeRun implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) ");
  private static final Pattern ADMIN = Pattern.compile("admin http://(\\S+):(\\d+)/");

  final Capture out = new Capture();
  final Capture err = new Capture();
  private final RecordingSignals signals = new RecordingSignals();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private ServeRun(Map<String, String> env, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "serve";
    System.arraycopy(args, 0, full, 1, args.length);
    Thread thread = new Thread(() -> {
      try {
        exit.complete(Main.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env::get, name -> null, false,
            signals));
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      } finally {
        synchronized (Capture.class) {
          Capture.class.notifyAll();
        }
      }
    }, "serve-under-test");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts serve and waits for its start-up line. */
  static ServeRun start(Map<String, String> env, String... args) {
    ServeRun run = new ServeRun(env, args);
    run.awaitStarted();
    return run;
  }

  /** Runs serve to its end (for start-up refusals) and returns the exit code. */
  static Cli.Result refused(Map<String, String> env, String... args) {
    ServeRun run = new ServeRun(env, args);
    int code = run.exitCode();
    return new Cli.Result(code, run.out.text(), run.err.text());
  }

  private void awaitStarted() {
    Capture.await(() -> out.text().contains("proxyauth serve: listening on") || exit.isDone(),
        out, err);
    if (exit.isDone()) {
      throw new AssertionError("serve exited with " + exit.join() + ": " + err.text());
    }
  }

  InetSocketAddress proxyAddress() {
    return address(LISTENING, out.text());
  }

  InetSocketAddress adminAddress() {
    return address(ADMIN, out.text());
  }

  URI admin(String pathAndQuery) {
    InetSocketAddress a = adminAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + pathAndQuery);
  }

  /** Does what SIGHUP does. */
  void reload() {
    signals.reload.run();
  }

  /** Does what SIGTERM does and returns the exit code. */
  int stop() {
    signals.stop.run();
    return exitCode();
  }

  /** Requests the stop without waiting for it. */
  void requestStop() {
    signals.stop.run();
  }

  int exitCode() {
    try {
      return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("serve did not end within " + WAIT + ": " + err.text(), e);
    }
  }

  String all() {
    return out.text() + err.text();
  }

  /** Returns a JDK client (no proxyauth code) using this serve as its proxy. */
  HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder().proxy(ProxySelector.of(proxyAddress())).sslContext(tls)
        .connectTimeout(WAIT).build();
  }

  static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code uri} directly (the admin endpoint). */
  static HttpResponse<String> direct(URI uri) throws Exception {
    return get(HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build(), uri);
  }

  @Override
  public void close() {
    if (!exit.isDone() && signals.stop != null) {
      stop();
    }
  }

  private static InetSocketAddress address(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + pattern + " in: " + text);
    }
    String host = m.group(1).replaceAll("^\\[|\\]$", "");
    return new InetSocketAddress(host, Integer.parseInt(m.group(2)));
  }

  /** Signals that tests fire by hand. */
  static final class RecordingSignals implements Signals {
    volatile Runnable stop;
    volatile Runnable reload;

    @Override
    public String install(Runnable stop, Runnable reload, Waiter stopped) {
      this.stop = stop;
      this.reload = reload;
      return "signals: test";
    }
  }

  /** Captured output whose readers wait, bounded, for a condition on it. */
  static final class Capture extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (Capture.class) {
        bytes.write(b, off, len);
        Capture.class.notifyAll();
      }
    }

    String text() {
      synchronized (Capture.class) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    /** Waits until {@code condition} holds, at most {@link #WAIT}; fails with the output. */
    static void await(java.util.function.BooleanSupplier condition, Capture... shown) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      synchronized (Capture.class) {
        while (!condition.getAsBoolean()) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            StringBuilder text = new StringBuilder();
            for (Capture c : shown) {
              text.append(c.text());
            }
            throw new AssertionError("condition not met within " + WAIT + "; output: " + text);
          }
          try {
            Capture.class.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        }
      }
    }

    /** Waits until the text contains {@code part}. */
    void await(String part) {
      await(() -> text().contains(part), this);
    }
  }
}
