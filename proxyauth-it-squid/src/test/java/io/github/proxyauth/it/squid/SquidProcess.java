package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One Squid process in the foreground ({@code squid -N}), so it stays this JVM's child. Start waits
 * (bounded) until every port accepts; stop sends SIGTERM, waits (bounded), then kills Squid and
 * every helper it started. A JVM shutdown hook stops it too if the test run dies first.
 */
final class SquidProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Process process;
  private final Thread shutdownHook;

  private SquidProcess(Process process) {
    this.process = process;
    this.shutdownHook = new Thread(this::stop, "squid-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Returns a running Squid whose {@code ports} all accept connections.
   *
   * @throws IOException when Squid exits or the ports stay closed for {@link #START_TIMEOUT};
   *     the message carries the tail of {@code output}
   */
  static SquidProcess start(Path squid, Path config, Map<String, String> env,
      Collection<Integer> ports, Path output) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(squid.toString(), "-N", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    SquidProcess squidProcess = new SquidProcess(builder.start());
    try {
      squidProcess.awaitPorts(ports);
      return squidProcess;
    } catch (IOException | RuntimeException e) {
      squidProcess.close();
      throw e;
    }
  }

  /** Returns the process id, for reports. */
  long pid() {
    return process.pid();
  }

  /** Returns whether Squid still runs. */
  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs or ran already
    }
  }

  private void awaitPorts(Collection<Integer> ports) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ports.stream().allMatch(SquidProcess::accepts)) {
      if (!process.isAlive()) {
        throw new IOException("Squid exited with status " + process.exitValue()
            + " before its ports " + ports + " accepted connections");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("Squid's ports " + ports + " did not accept connections within "
            + START_TIMEOUT);
      }
      waitForExit(Duration.ofMillis(25));
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private synchronized void stop() {
    List<ProcessHandle> helpers = process.descendants().collect(Collectors.toList());
    if (process.isAlive()) {
      process.destroy();
      if (!waitForExit(STOP_TIMEOUT)) {
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
      }
    }
    // Helpers exit on stdin EOF; a stuck one is killed so nothing outlives the run.
    for (ProcessHandle helper : helpers) {
      helper.destroyForcibly();
    }
  }

  /** Returns whether Squid exited within {@code timeout}; doubles as a bounded pause. */
  private boolean waitForExit(Duration timeout) {
    return waitForExit(process, timeout);
  }

  /** Returns whether {@code process} exited within {@code timeout}; a bounded pause too. */
  static boolean waitForExit(Process process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
