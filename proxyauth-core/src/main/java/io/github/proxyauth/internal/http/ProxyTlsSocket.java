package io.github.proxyauth.internal.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
 * TLS to an https proxy over a connected socket: server name indication and host name
 * verification (RFC 9110 §4.3.4, as {@code https} URLs get) for the proxy's host as configured,
 * {@code context} deciding which certificates are trusted. The handshake ends either at the
 * socket's read timeout per read or, with a deadline, at the deadline however slowly the proxy
 * drips bytes (a watchdog closes the socket). {@link #why} puts a failure in words.
 */
public final class ProxyTlsSocket {
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private ProxyTlsSocket() {}

  /** Returns the TLS socket over {@code socket}, handshake done; closing it closes both. */
  public static SSLSocket open(SSLContext context, Socket socket, String host, int port)
      throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
    tls.setSSLParameters(parameters(tls, host));
    tls.startHandshake();
    return tls;
  }

  /**
   * Returns the TLS socket over {@code socket} with the handshake done by {@code deadline}
   * ({@link System#nanoTime()}); closing it closes both.
   *
   * @throws SocketTimeoutException when the handshake did not complete by the deadline (its cause
   *     is what the JDK threw when the watchdog closed the socket)
   */
  public static SSLSocket open(SSLContext context, Socket socket, String host, int port,
      long deadline) throws IOException {
    AtomicBoolean late = new AtomicBoolean();
    long left = Math.max(1, deadline - System.nanoTime());
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      late.set(true);
      close(socket);
    }, left, TimeUnit.NANOSECONDS);
    try {
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
          TimeUnit.NANOSECONDS.toMillis(left))));
      return open(context, socket, host, port);
    } catch (IOException e) {
      if (late.get() && !(e instanceof SocketTimeoutException)) {
        throw (SocketTimeoutException) new SocketTimeoutException(
            "TLS handshake not complete by its deadline").initCause(e);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  /**
   * Returns what went wrong in a failed handshake with the proxy {@code host}, in words, from the
   * JDK's exception chain; {@code remedy} names where the user gives the proxy's CA (an option,
   * a builder method) in the words for an untrusted certificate.
   */
  public static String why(IOException e, String host, String remedy) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof CertPathValidatorException || message.contains("PKIX path")) {
        return "its certificate is not trusted (no CA in the relay's trust store issued it; give"
            + " the relay the proxy's CA, " + remedy + ")";
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

  private static SSLParameters parameters(SSLSocket tls, String host) {
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!literal(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    return parameters;
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
