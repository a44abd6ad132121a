package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A real {@code stunnel4} (Debian package {@code stunnel4}) in the foreground, as this JVM's child,
 * that makes Squid ports https proxies: one service per port, TLS accepted on a free loopback port
 * with a test certificate for {@code localhost} and {@code 127.0.0.1}, the decrypted bytes sent to
 * Squid. Start waits (bounded) until every service accepts; {@link #close()} stops it (bounded,
 * then killed). Its log (stderr) says per service which connections it accepted and passed on.
 */
final class Stunnel implements AutoCloseable {
  static final Path STUNNEL = Path.of("/usr/bin/stunnel4");
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final Map<SquidPort, Integer> ports;
  private final HeldCertificate certificate;

  private Stunnel(Process process, Path log, Map<SquidPort, Integer> ports,
      HeldCertificate certificate) {
    this.process = process;
    this.log = log;
    this.ports = ports;
    this.certificate = certificate;
  }

  /**
   * Returns a running stunnel in front of the lab's {@code squidPorts}, with its files in
   * {@code dir}.
   *
   * @throws IOException when stunnel exits or does not listen within {@link #START_TIMEOUT};
   *     the message carries the tail of its log
   */
  static Stunnel start(SquidLab lab, List<SquidPort> squidPorts, Path dir) throws IOException {
    HeldCertificate cert = new HeldCertificate.Builder().commonName("localhost")
        .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
    Path pem = LabFiles.write(dir.resolve("stunnel.pem"),
        cert.certificatePem() + cert.privateKeyPkcs8Pem(), "rw-------");
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      Map<SquidPort, Integer> ports = SquidLab.freePorts(squidPorts);
      Path config = LabFiles.write(dir.resolve("stunnel.conf"), config(lab, ports, pem),
          "rw-------");
      Path log = dir.resolve("stunnel-" + attempt + ".log");
      Process process = new ProcessBuilder(STUNNEL.toString(), config.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      Stunnel stunnel = new Stunnel(process, log, ports, cert);
      try {
        stunnel.awaitListening();
        return stunnel;
      } catch (IOException e) {
        // A port taken between choosing and binding makes stunnel exit: choose again.
        stunnel.close();
        last = new IOException(e.getMessage() + " (attempt " + attempt + "); stunnel log:\n"
            + stunnel.logTail(), e);
      }
    }
    throw last;
  }

  /** Returns the https proxy URL of the service in front of Squid's {@code port}. */
  String proxyUrl(SquidPort port) {
    return "https://localhost:" + ports.get(port);
  }

  /** Returns a TLS context that trusts this stunnel's certificate (and nothing else). */
  SSLContext clientTls() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate())
        .build().sslContext();
  }

  /** Returns how many connections stunnel opened to Squid so far, all services together. */
  int connectionsToSquid() throws IOException {
    return (int) logLines().stream().filter(l -> l.contains("s_connect: connecting")).count();
  }

  /** Returns how many TLS handshakes stunnel completed so far. */
  int handshakes() throws IOException {
    return (int) logLines().stream().filter(l -> l.contains("TLS accepted")).count();
  }

  /** Returns how many TLS handshakes stunnel saw fail so far. */
  int failedHandshakes() throws IOException {
    return (int) logLines().stream().filter(l -> l.contains("SSL_accept")).count();
  }

  /** Returns the end of the log, for assertion messages. */
  String logTail() {
    try {
      List<String> lines = logLines();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitForExit(STOP_TIMEOUT)) {
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
      }
    }
  }

  private List<String> logLines() throws IOException {
    return Files.exists(log) ? List.of(new String(Files.readAllBytes(log),
        StandardCharsets.UTF_8).split("\n")) : List.of();
  }

  private static String config(SquidLab lab, Map<SquidPort, Integer> ports, Path pem) {
    StringBuilder conf = new StringBuilder("; the lab's https proxies: TLS here, Squid behind\n"
        + "foreground = yes\npid =\ndebug = info\n");
    ports.forEach((port, accept) -> conf.append("\n[").append(port.label()).append("]\n")
        .append("accept = 127.0.0.1:").append(accept).append('\n')
        .append("connect = 127.0.0.1:").append(lab.port(port)).append('\n')
        .append("cert = ").append(pem).append('\n'));
    return conf.toString();
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // stunnel binds every service before it logs this, so no probe connection is needed.
    while (logLines().stream().noneMatch(l -> l.contains("Accepting new connections"))) {
      if (!process.isAlive()) {
        throw new IOException("stunnel exited with status " + process.exitValue()
            + " before its ports " + ports.values() + " accepted connections");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("stunnel did not listen on " + ports.values() + " within "
            + START_TIMEOUT);
      }
      waitForExit(Duration.ofMillis(25));
    }
  }

  private boolean waitForExit(Duration timeout) {
    return SquidProcess.waitForExit(process, timeout);
  }
}
