package io.github.proxyauth.internal.http;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads one message head (or trailer section) with the layer's one set of limits, strictly: CRLF
 * or a bare LF ends a line (RFC 9112 §2.2); a bare CR, NUL or any other control character except
 * HTAB, obsolete line folding, a field name that is not a token or whitespace before the colon is
 * a {@link HttpProtocolException}. So nothing read here can split a head differently downstream.
 * Reads byte by byte from {@code in}, or a line at a time from a {@link LineSource} (never past
 * the line's LF): nothing after the head is consumed (after a CONNECT 200 the rest of the stream
 * is the tunnel's); give it a buffered stream where that does not matter.
 */
public final class HeadReader {
  /** Largest head (start line, fields, line ends) accepted; also the trailer section limit. */
  public static final int MAX_HEAD_BYTES = 128 * 1024;
  /** Longest line: room for a challenge of {@code ChallengeParser.MAX_FIELD_LENGTH}. */
  public static final int MAX_LINE_BYTES = 80 * 1024;
  /** Most field lines in one head or trailer section. */
  public static final int MAX_FIELDS = 256;

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '!'; c < 0x7f; c++) {
      TCHAR[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
  }

  private HeadReader() {}

  /**
   * Returns the next head with a checked status line ({@code side} RESPONSE) or request line
   * (REQUEST), or empty when the stream ended cleanly before its first byte.
   */
  public static Optional<Head> read(InputStream in, Side side) throws IOException {
    Lines lines = new Lines(in, side, "head", MAX_HEAD_BYTES, MAX_LINE_BYTES);
    String start = lines.next();
    if (start == null) {
      return Optional.empty();
    }
    if (side == Side.RESPONSE) {
      StatusLine.parse(start);
    } else {
      RequestLine.parse(start);
    }
    return Optional.of(new Head(start, fields(lines)));
  }

  /** Returns the fields of a trailer section (RFC 9112 §7.1.2), checked like header fields. */
  static List<Head.Field> trailers(InputStream in, Side side) throws IOException {
    return fields(new Lines(in, side, "trailer section", MAX_HEAD_BYTES, MAX_LINE_BYTES));
  }

  private static List<Head.Field> fields(Lines lines) throws IOException {
    List<Head.Field> fields = new ArrayList<>(12);
    while (true) {
      String line = lines.next();
      if (line == null) {
        throw lines.truncated();
      }
      if (line.isEmpty()) {
        return fields;
      }
      if (fields.size() == MAX_FIELDS) {
        throw lines.fail(Violation.TOO_MANY_FIELDS, "at most " + MAX_FIELDS + " field lines",
            "more");
      }
      fields.add(field(line, lines));
    }
  }

  private static Head.Field field(String line, Lines lines) throws HttpProtocolException {
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      throw lines.fail(Violation.OBSOLETE_LINE_FOLDING, "a field line, not a continuation",
          "a line starting with whitespace");
    }
    int colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line, 0, colon)) {
      // Only the name is shown: a value may be a secret (a relay token, a credential).
      throw lines.fail(Violation.MALFORMED_FIELD, "a field line 'name: value' with a token name",
          colon < 0 ? "a line without ':'" : "the name " + HttpProtocolException.quoted(
              line.substring(0, colon)));
    }
    int start = colon + 1;
    int end = line.length();
    while (start < end && isOws(line.charAt(start))) {
      start++;
    }
    while (end > start && isOws(line.charAt(end - 1))) {
      end--;
    }
    return new Head.Field(line.substring(0, colon), line.substring(start, end));
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** Returns whether {@code s[from, to)} is a non-empty RFC 9110 token. */
  static boolean isToken(String s, int from, int to) {
    if (to <= from) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || !TCHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /** The lines of one head, trailer section or chunk size line, with their limits. */
  static final class Lines {
    private final InputStream in;
    /** {@link #in} when it hands over lines at once, else null (read byte by byte). */
    private final @Nullable LineSource source;
    /** Bytes of the current line from {@link #source}, {@code [pos, lim)} not looked at yet. */
    private byte @Nullable [] chunk;
    private int pos;
    private int lim;
    private final Side side;
    private final String section;
    private final int maxTotal;
    private final int maxLine;
    private byte[] buffer = new byte[128];
    private int used;
    private int number;

    Lines(InputStream in, Side side, String section, int maxTotal, int maxLine) {
      this.in = in;
      this.source = in instanceof LineSource ls ? ls : null;
      this.side = side;
      this.section = section;
      this.maxTotal = maxTotal;
      this.maxLine = maxLine;
    }

    /** Returns the next line without its end, or null at a clean end before any byte. */
    String next() throws IOException {
      number++;
      int n = 0;
      while (true) {
        int b = nextByte();
        if (b < 0) {
          if (used == 0) {
            return null;
          }
          throw truncated();
        }
        if (++used > maxTotal) {
          throw fail(Violation.HEAD_TOO_LARGE, "a " + section + " of at most " + maxTotal
              + " bytes", "more");
        }
        if (b == '\n') {
          return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        }
        if (b == '\r') {
          return afterCr(n);
        }
        if ((b < 0x20 && b != '\t') || b == 0x7f) {
          throw fail(Violation.CONTROL_CHARACTER, "no control character",
              "0x" + Integer.toHexString(b) + " at index " + n);
        }
        if (n == maxLine) {
          throw fail(Violation.LINE_TOO_LONG, "a line of at most " + maxLine + " bytes", "more");
        }
        if (n == buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.min(maxLine, n * 2));
        }
        buffer[n++] = (byte) b;
      }
    }

    private String afterCr(int n) throws IOException {
      int b = nextByte();
      if (b < 0) {
        throw truncated();
      }
      used++;
      if (b != '\n') {
        throw fail(Violation.BARE_CR, "LF after CR", "CR followed by 0x" + Integer.toHexString(b)
            + " at index " + n);
      }
      return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the next byte, or -1 at the end: from {@link #source} a line at a time (never past
     * its LF, so nothing after the head is consumed), else one {@code read()} each.
     */
    private int nextByte() throws IOException {
      if (pos < lim) {
        return chunk[pos++] & 0xff;
      }
      if (source == null) {
        return in.read();
      }
      if (chunk == null) {
        chunk = new byte[256];
      }
      int n = source.readLine(chunk, 0, chunk.length);
      if (n <= 0) {
        return -1;
      }
      pos = 1;
      lim = n;
      return chunk[0] & 0xff;
    }

    /** Returns how many bytes the lines took so far, line ends included. */
    int used() {
      return used;
    }

    HttpProtocolException truncated() {
      return fail(Violation.TRUNCATED, "the rest of the " + section, "the end of the stream after "
          + used + " bytes");
    }

    HttpProtocolException fail(Violation violation, String expected, String seen) {
      return new HttpProtocolException(side, violation, expected, seen, "line " + number
          + " of the " + section);
    }
  }
}
