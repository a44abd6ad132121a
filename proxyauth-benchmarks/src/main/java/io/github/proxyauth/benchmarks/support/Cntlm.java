package io.github.proxyauth.benchmarks.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * cntlm (the Debian package, {@code /usr/sbin/cntlm}) as a child process in the foreground with a
 * generated configuration: one parent proxy, a free loopback port, the given account and NTLM
 * dialect. {@link #close()} stops it (SIGTERM, then SIGKILL, bounded).
 */
public final class Cntlm implements AutoCloseable {
  /** Where Debian installs it. */
  public static final Path BINARY = Path.of("/usr/sbin/cntlm");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final InetSocketAddress address;
  private final Path log;

  private Cntlm(Process process, InetSocketAddress address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /** Returns whether cntlm is installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Returns a running cntlm in {@code dir} in front of {@code parent}, authenticating as {@code
   * DOMAIN, user} with {@code auth} ({@code NTLMv2}, {@code NTLM}, ...).
   */
  public static Cntlm start(Path dir, InetSocketAddress parent, String user, String domain,
      String password, String auth) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Files.createDirectories(dir);
    Path config = dir.resolve("cntlm-" + port + ".conf");
    Files.writeString(config, String.join("\n", List.of("Username " + user, "Domain " + domain,
        "Password " + password, "Auth " + auth, "Workstation BENCH",
        "Proxy " + parent.getHostString() + ":" + parent.getPort(), "Listen 127.0.0.1:" + port,
        "")));
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    Path log = dir.resolve("cntlm-" + port + ".log");
    Process process = new ProcessBuilder(BINARY.toString(), "-f", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Cntlm cntlm = new Cntlm(process, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        log);
    try {
      cntlm.awaitListening();
      return cntlm;
    } catch (IOException | RuntimeException e) {
      cntlm.close();
      throw e;
    }
  }

  /** Returns its listening address. */
  public InetSocketAddress address() {
    return address;
  }

  /** Returns its process id (threads, memory and descriptors are read from /proc). */
  public long pid() {
    return process.pid();
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(address, 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("cntlm did not listen on " + address + " within " + START_TIMEOUT
              + " (" + (process.isAlive() ? "running" : "exit " + process.exitValue())
              + "); its output:\n" + Files.readString(log));
        }
        waitForExit(Duration.ofMillis(50));
      }
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  @Override
  public void close() {
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(5))) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(5));
    }
  }
}
