package io.github.proxyauth.internal.http;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;

/**
 * A request line, {@code method SP request-target SP HTTP/1.x} (RFC 9112 §3).
 *
 * @param method the method, a token, for example {@code GET} or {@code CONNECT}
 * @param target the request-target: an absolute URI, or {@code host:port} for CONNECT
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 */
public record RequestLine(String method, String target, String version) {

  /** Returns the parsed {@code line}. */
  public static RequestLine parse(String line) throws HttpProtocolException {
    int first = line.indexOf(' ');
    int last = line.lastIndexOf(' ');
    if (first <= 0 || last <= first + 1 || line.indexOf(' ', first + 1) != last
        || !HeadReader.isToken(line, 0, first) || !isVersion(line, last + 1)) {
      throw new HttpProtocolException(Side.REQUEST, Violation.MALFORMED_START_LINE,
          "a request line 'METHOD target HTTP/1.1'", shown(line), "the first line");
    }
    return new RequestLine(line.substring(0, first), line.substring(first + 1, last),
        line.substring(last + 1));
  }

  /**
   * Returns how a malformed request line is shown: a field line (a client that lost its framing,
   * a proxy credential first) by its name only, since its value may be a secret.
   */
  private static String shown(String line) {
    int colon = line.indexOf(':');
    return colon > 0 && HeadReader.isToken(line, 0, colon) ? "a field line "
        + HttpProtocolException.quoted(line.substring(0, colon) + ": ...") + " (value not shown)"
        : HttpProtocolException.quoted(line);
  }

  private static boolean isVersion(String line, int at) {
    return line.length() == at + 8 && line.startsWith("HTTP/1.", at)
        && (line.charAt(at + 7) == '0' || line.charAt(at + 7) == '1');
  }

  /** Returns whether this is a CONNECT. */
  public boolean isConnect() {
    return method.equals("CONNECT");
  }
}
