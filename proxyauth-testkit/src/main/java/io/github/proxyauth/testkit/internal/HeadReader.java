package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.RecordedRequest.Header;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads HTTP/1.1 heads and lines with hard size limits (RFC 9112 §2, §5). */
final class HeadReader {
  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEAD = 64 * 1024;
  static final int MAX_FIELDS = 256;

  private HeadReader() {}

  /** Returns the next head, or empty when the stream ends cleanly before its first byte. */
  static Optional<HttpHead> read(InputStream in) throws IOException {
    Optional<String> first = readLine(in, MAX_LINE, true);
    for (int blank = 0; first.isPresent() && first.get().isEmpty() && blank < 8; blank++) {
      first = readLine(in, MAX_LINE, true); // RFC 9112 §2.2: ignore CRLF before a request-line
    }
    if (first.isEmpty()) {
      return Optional.empty();
    }
    if (first.get().isEmpty()) {
      throw new HttpProtocolException(400, "Expected a start line, got only empty lines");
    }
    return Optional.of(new HttpHead(first.get(), readFields(in, first.get().length())));
  }

  private static List<Header> readFields(InputStream in, int used) throws IOException {
    List<Header> fields = new ArrayList<>();
    int total = used;
    while (true) {
      String line = readLine(in, MAX_LINE, false).orElseThrow();
      if (line.isEmpty()) {
        return fields;
      }
      total += line.length() + 2;
      if (total > MAX_HEAD || fields.size() >= MAX_FIELDS) {
        throw new HttpProtocolException(431, "Expected a head of at most " + MAX_HEAD
            + " bytes and " + MAX_FIELDS + " fields, got more");
      }
      fields.add(parseField(line));
    }
  }

  private static Header parseField(String line) throws HttpProtocolException {
    int colon = line.indexOf(':');
    if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
        || Character.isWhitespace(line.charAt(colon - 1))) {
      throw new HttpProtocolException(400, "Expected 'name: value' (no obs-fold), got '"
          + line.substring(0, Math.min(40, line.length())) + "'");
    }
    return new Header(line.substring(0, colon), line.substring(colon + 1).strip());
  }

  /**
   * Returns one line without its CRLF (a bare LF is accepted), decoded as ISO-8859-1; empty at end
   * of stream if {@code eofOk} and no byte was read.
   */
  static Optional<String> readLine(InputStream in, int max, boolean eofOk) throws IOException {
    byte[] buf = new byte[Math.min(max, 256)];
    int n = 0;
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        if (n == 0 && eofOk) {
          return Optional.empty();
        }
        throw new HttpProtocolException(400, "Expected a line ending in CRLF, got end of stream");
      }
      if (n == max) {
        throw new HttpProtocolException(431, "Expected a line of at most " + max + " bytes");
      }
      if (n == buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.min(max, n * 2));
      }
      buf[n++] = (byte) b;
    }
    int len = n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
    return Optional.of(new String(buf, 0, len, StandardCharsets.ISO_8859_1));
  }
}
