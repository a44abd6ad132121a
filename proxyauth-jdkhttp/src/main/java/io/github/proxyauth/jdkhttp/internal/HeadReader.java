package io.github.proxyauth.jdkhttp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one message head from a buffered stream, with a size limit. Accepts CRLF or bare LF line
 * ends (RFC 9112 §2.2); rejects obsolete line folding, field names that are not tokens and any
 * control character (a bare CR, NUL...) in a line, so nothing it passes on can split a header
 * differently downstream (RFC 9110 §5.5).
 */
final class HeadReader {
  private HeadReader() {}

  /**
   * Returns the next head, or empty when the stream ended cleanly before its first byte.
   *
   * @param status the status to fail with (400 for requests, 502 for responses)
   */
  static Optional<Head> read(InputStream in, int limit, int status) throws IOException {
    int[] used = {0};
    Optional<String> start = line(in, limit, used, status, true);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    List<Head.Field> fields = new ArrayList<>();
    while (true) {
      String line = line(in, limit, used, status, false).orElseThrow();
      if (line.isEmpty()) {
        return Optional.of(new Head(start.get(), fields));
      }
      fields.add(field(line, status));
    }
  }

  static Head.Field field(String line, int status) throws HttpFailure {
    int colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line, colon)) {
      throw new HttpFailure(status, "Expected a header field 'name: value' with a token name, got '"
          + Text.oneLine(line, 200) + "'");
    }
    return new Head.Field(line.substring(0, colon), line.substring(colon + 1).trim());
  }

  /** Returns whether the first {@code end} characters of {@code s} are an RFC 9110 token. */
  static boolean isToken(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 0x7f || c <= ' ' || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code line}, checked to hold no control character other than HTAB. */
  static String checkText(String line, int status) throws HttpFailure {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        throw new HttpFailure(status, "Expected no control character in a message head, got 0x"
            + Integer.toHexString(c) + " at index " + i + " of '"
            + Text.oneLine(line, 200) + "'");
      }
    }
    return line;
  }

  private static Optional<String> line(InputStream in, int limit, int[] used, int status,
      boolean first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (first && line.length() == 0) {
          return Optional.empty();
        }
        throw new HttpFailure(status, "Expected the rest of a message head, got end of stream"
            + " after " + used[0] + " bytes");
      }
      if (++used[0] > limit) {
        throw new HttpFailure(status, "Expected a message head of at most " + limit
            + " bytes, got more");
      }
      if (b == '\n') {
        int end = line.length();
        return Optional.of(checkText(end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1) : line.toString(), status));
      }
      line.append((char) b);
    }
  }
}
