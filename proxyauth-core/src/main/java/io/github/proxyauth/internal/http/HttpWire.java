package io.github.proxyauth.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads response heads and drains bodies from a proxy connection, with hard limits. The head is
 * read byte by byte so that no byte after it is consumed: after a CONNECT 200 the rest of the
 * stream belongs to the tunnel.
 */
public final class HttpWire {
  /** Largest response head accepted. */
  public static final int MAX_HEAD = 64 * 1024;
  /** Largest 407 body drained before giving up on the connection. */
  public static final long MAX_DRAIN = 1024 * 1024;

  private HttpWire() {}

  /** Reads a response head, skipping interim 1xx responses. */
  public static ResponseHead readHead(InputStream in) throws IOException {
    for (int interim = 0; interim < 8; interim++) {
      ResponseHead head = parseHead(readHeadBytes(in));
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
    throw new ProtocolException("proxy sent more than 8 interim (1xx) responses");
  }

  /**
   * Consumes the body of {@code head} (a response to a non-HEAD request). Returns false when the
   * connection cannot be reused: the body is close-delimited or larger than {@link #MAX_DRAIN}.
   */
  public static boolean drainBody(ResponseHead head, InputStream in) throws IOException {
    if (head.status() == 204 || head.status() == 304) {
      return true;
    }
    if (head.hasToken("Transfer-Encoding", "chunked")) {
      return drainChunked(in);
    }
    var length = head.value("Content-Length");
    if (length.isEmpty()) {
      return false; // close-delimited: the proxy ends the body by closing
    }
    long n = parseLength(length.get());
    return n <= MAX_DRAIN && skipFully(in, n);
  }

  private static byte[] readHeadBytes(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int last4 = 0; // the last four bytes, to spot CRLFCRLF (or a bare LFLF) in O(1)
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(head.size() == 0 ? "proxy closed the connection before answering"
            : "proxy closed the connection in the middle of a response head");
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new ProtocolException("proxy response head exceeds " + MAX_HEAD + " bytes");
      }
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
        return head.toByteArray();
      }
    }
  }

  static ResponseHead parseHead(byte[] bytes) throws ProtocolException {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n");
    if (lines.length == 0) {
      throw new ProtocolException("expected a status line like 'HTTP/1.1 407 ...' from the proxy"
          + " but got an empty line");
    }
    String status = lines[0];
    if (!status.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
      throw new ProtocolException("expected a status line like 'HTTP/1.1 407 ...' from the proxy"
          + " but got '" + excerpt(status) + "'");
    }
    List<ResponseHead.Field> fields = new ArrayList<>();
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      fields.add(parseField(lines[i]));
    }
    return new ResponseHead(status.substring(0, 8), Integer.parseInt(status.substring(9, 12)),
        status.length() > 13 ? status.substring(13) : "", fields);
  }

  private static ResponseHead.Field parseField(String line) throws ProtocolException {
    int colon = line.indexOf(':');
    if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
        || line.substring(0, colon).contains(" ")) {
      throw new ProtocolException("expected a header field 'name: value' from the proxy but got '"
          + excerpt(line) + "'");
    }
    return new ResponseHead.Field(line.substring(0, colon), line.substring(colon + 1).trim());
  }

  private static boolean drainChunked(InputStream in) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("expected a chunk size in hex but got '" + excerpt(hex) + "'");
      }
      if (size < 0 || size > MAX_DRAIN || (total += size) > MAX_DRAIN) {
        return false;
      }
      if (size == 0) {
        return skipTrailers(in);
      }
      if (!skipFully(in, size) || !readLine(in).isEmpty()) {
        throw new ProtocolException("chunk data not followed by CRLF");
      }
    }
  }

  /** Skips trailer fields; false (connection unusable) after 100 of them. */
  private static boolean skipTrailers(InputStream in) throws IOException {
    for (int n = 0; !readLine(in).isEmpty(); n++) {
      if (n >= 100) {
        return false;
      }
    }
    return true;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("proxy closed the connection inside a chunked body");
      }
      if (line.length() > 4096) {
        throw new ProtocolException("chunk line longer than 4096 bytes");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static boolean skipFully(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[8192];
    while (n > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (read < 0) {
        throw new EOFException("proxy closed the connection inside a response body");
      }
      n -= read;
    }
    return true;
  }

  private static long parseLength(String value) throws ProtocolException {
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ProtocolException("expected a non-negative Content-Length but got '"
          + excerpt(value) + "'");
    }
  }

  static String excerpt(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 60 ? clean : clean.substring(0, 60) + "...";
  }
}
