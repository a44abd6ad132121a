package io.github.proxyauth.relay.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS to an https proxy, over a connected socket: server name indication and host name
 * verification (RFC 9110 §4.3.4, as {@code https} URLs get) for the proxy's host as configured,
 * the relay's {@link SSLContext} deciding which certificates are trusted, and a handshake that
 * ends at the connect step's deadline however slowly the proxy drips bytes (a watchdog closes the
 * socket). A failure says which proxy, what went wrong and what to check.
 */
final class ProxyTls {
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private ProxyTls() {}

  /**
   * Returns the TLS socket over {@code socket} with the handshake done, by {@code deadline}
   * ({@link System#nanoTime()}). Closing {@code socket} closes it.
   *
   * @throws HttpFailure an unreachable-hop 502 naming the proxy and the TLS cause
   */
  static SSLSocket handshake(RelayConfig config, Socket socket, UpstreamProxy proxy,
      long deadline) throws HttpFailure {
    AtomicBoolean late = new AtomicBoolean();
    long left = Math.max(1, deadline - System.nanoTime());
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      late.set(true);
      close(socket);
    }, left, TimeUnit.NANOSECONDS);
    try {
      SSLSocket tls = (SSLSocket) context(config).getSocketFactory()
          .createSocket(socket, proxy.host(), proxy.port(), true);
      tls.setSSLParameters(parameters(tls, proxy.host()));
      tls.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      tls.startHandshake();
      return tls;
    } catch (IOException e) {
      throw HttpFailure.unreachable("TLS handshake with " + proxy.describe() + " failed: "
          + (late.get() ? "it did not complete within " + UpstreamProxy.CONNECT_TIMEOUT_MILLIS
              / 1000 + " s of connecting" : why(e, proxy.host())) + " (" + e + ")", e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private static SSLParameters parameters(SSLSocket tls, String host) {
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!literal(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    return parameters;
  }

  private static SSLContext context(RelayConfig config) throws IOException {
    if (config.proxyTls().isPresent()) {
      return config.proxyTls().get();
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JDK has no default TLS context", e);
    }
  }

  /** Returns what went wrong, in words, from the JDK's exception chain. */
  static String why(IOException e, String host) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof CertPathValidatorException || message.contains("PKIX path")) {
        return "its certificate is not trusted (no CA in the relay's trust store issued it; give"
            + " the relay the proxy's CA, ProxyRelay.Builder.proxyTls)";
      }
      if (t instanceof CertificateException && (message.contains("No subject alternative")
          || message.contains("No name matching"))) {
        return "its certificate is not for " + host + " (the proxy host as configured; use the"
            + " name the certificate gives)";
      }
      if (message.contains("Unsupported or unrecognized SSL message")) {
        return "it did not answer in TLS: is it a plain http:// proxy?";
      }
      if (t instanceof EOFException || message.contains("Remote host terminated")) {
        return "it closed the connection during the handshake (a plain http:// proxy, or no TLS"
            + " version and cipher suite in common)";
      }
    }
    return "the handshake failed";
  }

  private static boolean literal(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "proxyauth-tls-deadline");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setKeepAliveTime(10, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
