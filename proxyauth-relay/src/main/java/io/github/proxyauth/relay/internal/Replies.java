package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.Excerpt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The relay's own responses to its clients. Only the 407 for a missing local credential carries
 * a {@code Basic} challenge (the client is meant to answer it); a failed upstream authentication
 * never does: that would make the JDK client ask the user's {@code java.net.Authenticator}.
 */
final class Replies {
  /** The header naming the recorded failure, for the wrapping client. */
  static final String FAILURE_HEADER = "Proxy-Auth-Failure";
  /** The one-line diagnosis, for clients that only see headers. */
  static final String DIAGNOSIS_HEADER = "Proxy-Auth-Diagnosis";
  static final String ERROR_HEADER = "Proxy-Relay-Error";

  private Replies() {}

  static void established(OutputStream out) throws IOException {
    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  static void forbidden(OutputStream out) throws IOException {
    write(out, "403 Forbidden", ERROR_HEADER + ": missing or wrong Proxy-Relay-Token\r\n",
        "This proxyauth relay only serves clients that present its secret in the"
        + " Proxy-Relay-Token header.");
  }

  /**
   * Writes a 407 for a failed upstream authentication. JDK clients with an Authenticator need a
   * Proxy-Authenticate field on every 407, so it names a scheme no client implements.
   */
  static void authFailure(OutputStream out, String failureId, String message) throws IOException {
    write(out, "407 Proxy Authentication Required", "Proxy-Authenticate: ProxyAuth-Relay\r\n"
        + FAILURE_HEADER + ": " + failureId + "\r\n"
        + DIAGNOSIS_HEADER + ": " + Excerpt.of(message, 1000) + "\r\n", message);
  }

  /** The realm of the local credential's challenge. */
  static final String LOCAL_REALM = "proxyauth serve";

  /** Writes a 407 asking for the local credential: the one reply with a Basic challenge. */
  static void localCredentialRequired(OutputStream out) throws IOException {
    write(out, "407 Proxy Authentication Required",
        "Proxy-Authenticate: Basic realm=\"" + LOCAL_REALM + "\"\r\n"
        + ERROR_HEADER + ": missing or wrong local credential\r\n",
        "This proxy requires its local credential: configure your client's proxy user and"
        + " password (Basic).");
  }

  static void error(OutputStream out, int status, String message) throws IOException {
    String reason = switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
    write(out, status + " " + reason,
        ERROR_HEADER + ": " + Excerpt.of(message, 1000) + "\r\n", message);
  }

  private static void write(OutputStream out, String status, String fields, String text)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + "\r\n" + fields
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }
}
