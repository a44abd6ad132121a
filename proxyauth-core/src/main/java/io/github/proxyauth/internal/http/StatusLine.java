package io.github.proxyauth.internal.http;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;

/**
 * A status line, {@code HTTP/1.x SP 3DIGIT [SP reason]} (RFC 9112 §4). A missing space after the
 * code is accepted; codes outside 100-599 are kept for the caller (RFC 9110 §15: treat as 5xx).
 *
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param code the status code, 100 to 999
 * @param reason the reason phrase, possibly empty
 */
public record StatusLine(String version, int code, String reason) {

  /** Returns the parsed {@code line}. */
  public static StatusLine parse(String line) throws HttpProtocolException {
    int n = line.length();
    if (n < 12 || !line.startsWith("HTTP/1.") || (line.charAt(7) != '0' && line.charAt(7) != '1')
        || line.charAt(8) != ' ' || (n > 12 && line.charAt(12) != ' ')) {
      throw malformed(line);
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(line);
      }
      code = code * 10 + (c - '0');
    }
    if (code < 100) {
      throw malformed(line);
    }
    return new StatusLine(line.substring(0, 8), code, n > 13 ? line.substring(13) : "");
  }

  private static HttpProtocolException malformed(String line) {
    return new HttpProtocolException(Side.RESPONSE, Violation.MALFORMED_START_LINE,
        "a status line 'HTTP/1.1 407 reason'", HttpProtocolException.quoted(line), "the first line");
  }
}
