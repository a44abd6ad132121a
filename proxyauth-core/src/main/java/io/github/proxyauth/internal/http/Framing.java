package io.github.proxyauth.internal.http;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.util.List;

/**
 * How a message body is delimited (RFC 9112 §6): none, a Content-Length, chunked, or the end of
 * the connection. Strict, for requests and responses alike, so that this layer and whatever is
 * downstream of it cannot frame one message two ways (request smuggling, RFC 9112 §11.2):
 * Content-Length with Transfer-Encoding, more than one Content-Length value (even equal ones,
 * {@code 5, 5} or two fields), a transfer coding other than exactly {@code chunked}, and
 * Transfer-Encoding in an HTTP/1.0 message are all refused.
 *
 * @param kind how the body ends
 * @param length the body length for {@link Kind#FIXED}, else -1
 * @param side whose message this is, for the messages of body errors
 */
public record Framing(Kind kind, long length, Side side) {
  /** How a body ends. */
  public enum Kind { FIXED, CHUNKED, UNTIL_CLOSE }

  private static final int MAX_LENGTH_DIGITS = 18;

  /** Returns whether there is no body. */
  public boolean isEmpty() {
    return kind == Kind.FIXED && length == 0;
  }

  /** Returns the framing of a request body; none when neither field is present. */
  public static Framing ofRequest(Head head) throws HttpProtocolException {
    return of(head, Side.REQUEST, new Framing(Kind.FIXED, 0, Side.REQUEST));
  }

  /** Returns the framing of a response body to a request with {@code method}. */
  public static Framing ofResponse(Head head, String method, int status)
      throws HttpProtocolException {
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304
        || (method.equals("CONNECT") && status / 100 == 2)) {
      return new Framing(Kind.FIXED, 0, Side.RESPONSE);
    }
    return of(head, Side.RESPONSE, new Framing(Kind.UNTIL_CLOSE, -1, Side.RESPONSE));
  }

  private static Framing of(Head head, Side side, Framing otherwise)
      throws HttpProtocolException {
    List<String> lengths = head.values("Content-Length");
    if (!head.has("Transfer-Encoding")) {
      return lengths.isEmpty() ? otherwise : new Framing(Kind.FIXED, length(lengths, side), side);
    }
    if (!lengths.isEmpty()) {
      throw fail(side, Violation.CONTENT_LENGTH_WITH_TRANSFER_ENCODING,
          "Content-Length or Transfer-Encoding", "both");
    }
    if (head.version().equals("HTTP/1.0")) {
      throw fail(side, Violation.TRANSFER_ENCODING_IN_HTTP10, "no Transfer-Encoding in HTTP/1.0",
          "Transfer-Encoding: " + head.values("Transfer-Encoding"));
    }
    List<String> codings = head.tokens("Transfer-Encoding");
    if (codings.size() != 1 || !codings.get(0).equals("chunked")) {
      throw fail(side, Violation.UNSUPPORTED_TRANSFER_CODING,
          "exactly the transfer coding 'chunked'", "Transfer-Encoding: " + codings);
    }
    return new Framing(Kind.CHUNKED, -1, side);
  }

  private static long length(List<String> values, Side side) throws HttpProtocolException {
    String value = values.get(0);
    if (values.size() > 1 || value.indexOf(',') >= 0) {
      throw fail(side, Violation.MULTIPLE_CONTENT_LENGTH, "one Content-Length value",
          "Content-Length: " + HttpProtocolException.quoted(String.join(", ", values)));
    }
    int n = value.length();
    if (n == 0 || n > MAX_LENGTH_DIGITS) {
      throw invalidLength(side, value);
    }
    long length = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw invalidLength(side, value);
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  private static HttpProtocolException invalidLength(Side side, String value) {
    return fail(side, Violation.INVALID_CONTENT_LENGTH, "a decimal Content-Length of at most "
        + MAX_LENGTH_DIGITS + " digits", HttpProtocolException.quoted(value));
  }

  private static HttpProtocolException fail(Side side, Violation violation, String expected,
      String seen) {
    return new HttpProtocolException(side, violation, expected, seen, "the framing fields");
  }
}
