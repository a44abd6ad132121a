package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Writes the proxy's own responses: 407 challenges (with faults) and errors. */
final class Responses {
  static final String MALFORMED_CHALLENGE = "Digest realm=\"unterminated";
  static final int HUGE_CHALLENGE_BYTES = 1024 * 1024;
  /** One byte per this of a dripped 407 ({@code DRIPPED_407_HEAD}, {@code DRIPPED_407_BODY}). */
  static final Duration DRIP_PACE = Duration.ofMillis(200);
  private static final String PAGE = "<!DOCTYPE html>\n<html><head><title>407 Proxy "
      + "Authentication Required</title></head>\n<body><h1>Proxy Authentication Required</h1>\n"
      + "<p>This proxy could not verify that you are authorized to use it. Either you supplied "
      + "the wrong credentials, or your client does not know how to supply them.</p>\n"
      + "<hr><address>proxyauth TestProxy</address></body></html>\n";

  private Responses() {}

  /** Returns whether a 407 under {@code faults} leaves the connection open. */
  static boolean keepsAlive(Set<Fault> faults) {
    return !faults.contains(Fault.CLOSE_ON_407)
        && !faults.contains(Fault.PROXY_CONNECTION_CLOSE_ON_407)
        && !faults.contains(Fault.CLOSE_DELIMITED_407_BODY);
  }

  static void write407(OutputStream out, List<String> challenges, Set<Fault> faults,
      boolean keepAlive, boolean headRequest) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 407 Proxy Authentication Required\r\n");
    if (faults.contains(Fault.MALFORMED_CHALLENGE)) {
      head.append("Proxy-Authenticate: ").append(MALFORMED_CHALLENGE).append("\r\n");
    }
    if (faults.contains(Fault.HUGE_CHALLENGE)) {
      head.append("Proxy-Authenticate: Basic realm=\"")
          .append("x".repeat(HUGE_CHALLENGE_BYTES)).append("\"\r\n");
    }
    for (String challenge : challenges) {
      head.append("Proxy-Authenticate: ").append(challenge).append("\r\n");
    }
    head.append("Content-Type: text/html; charset=utf-8\r\n");
    if (faults.contains(Fault.PROXY_CONNECTION_CLOSE_ON_407)) {
      head.append("Proxy-Connection: close\r\n");
    } else if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
    if (headRequest) { // RFC 9110 §9.3.2: the head a GET would get, without its content
      head.append("Content-Length: ").append(page.length).append("\r\n\r\n");
      write(out, head.toString().getBytes(StandardCharsets.ISO_8859_1),
          faults.contains(Fault.DRIPPED_407_HEAD));
      out.flush();
      return;
    }
    writeBody(out, head, page, faults);
  }

  private static void writeBody(OutputStream out, StringBuilder head, byte[] body,
      Set<Fault> faults) throws IOException {
    if (faults.contains(Fault.CHUNKED_407_BODY)) {
      int half = body.length / 2;
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      head.append(Integer.toHexString(half)).append("\r\n");
      Bodies.writeAscii(out, head.toString());
      out.write(body, 0, half);
      Bodies.writeAscii(out, "\r\n" + Integer.toHexString(body.length - half) + "\r\n");
      out.write(body, half, body.length - half);
      Bodies.writeAscii(out, "\r\n0\r\n\r\n");
    } else {
      if (!faults.contains(Fault.CLOSE_DELIMITED_407_BODY)) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
      write(out, headBytes, faults.contains(Fault.DRIPPED_407_HEAD));
      write(out, body, faults.contains(Fault.DRIPPED_407_BODY));
    }
    out.flush();
  }

  /** Writes {@code bytes}, or drips them one byte every {@link #DRIP_PACE}. */
  private static void write(OutputStream out, byte[] bytes, boolean dripped) throws IOException {
    if (!dripped) {
      out.write(bytes);
      return;
    }
    for (byte b : bytes) {
      out.write(b);
      out.flush();
      LockSupport.parkNanos(DRIP_PACE.toNanos()); // the drip's pace, not a synchronisation
      if (Thread.interrupted()) {
        throw new InterruptedIOException("TestProxy closed while dripping a 407");
      }
    }
  }

  /** Writes a short plain-text response of the proxy's own. */
  static void simple(OutputStream out, int status, String text, boolean keepAlive)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    Bodies.writeAscii(out, "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "\r\n");
    out.write(body);
    out.flush();
  }

  static String reason(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 413: return "Content Too Large";
      case 431: return "Request Header Fields Too Large";
      case 501: return "Not Implemented";
      case 502: return "Bad Gateway";
      case 505: return "HTTP Version Not Supported";
      default: return "Error";
    }
  }
}
