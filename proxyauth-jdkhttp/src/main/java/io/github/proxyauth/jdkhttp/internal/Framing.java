package io.github.proxyauth.jdkhttp.internal;

import java.util.List;
import java.util.Set;

/**
 * How a message body is delimited (RFC 9112 §6): none, a Content-Length, chunked, or the end of
 * the connection.
 */
record Framing(Kind kind, long length) {
  static final Framing NONE = new Framing(Kind.FIXED, 0);
  static final Framing CHUNKED = new Framing(Kind.CHUNKED, -1);
  static final Framing UNTIL_CLOSE = new Framing(Kind.UNTIL_CLOSE, -1);

  enum Kind { FIXED, CHUNKED, UNTIL_CLOSE }

  boolean isEmpty() {
    return kind == Kind.FIXED && length == 0;
  }

  /**
   * Returns the framing of a request body. A request with both Transfer-Encoding and
   * Content-Length, or an HTTP/1.0 request with Transfer-Encoding, is refused: an upstream that
   * framed it the other way would read a smuggled request (RFC 9112 §6.1, §6.3, §11.2).
   */
  static Framing ofRequest(Head head) throws HttpFailure {
    boolean chunked = !head.values("Transfer-Encoding").isEmpty();
    if (chunked && !head.values("Content-Length").isEmpty()) {
      throw HttpFailure.badRequest("Expected Content-Length or Transfer-Encoding, got both");
    }
    if (chunked && head.version().equals("HTTP/1.0")) {
      throw HttpFailure.badRequest("Expected no Transfer-Encoding in an HTTP/1.0 request");
    }
    return of(head, NONE, 400);
  }

  /**
   * Returns a request {@code head} this framing was read from, with one Content-Length value for
   * a fixed body: duplicates collapse into one (RFC 9112 §6.3).
   */
  Head normaliseRequest(Head head) {
    if (kind != Kind.FIXED || head.values("Content-Length").equals(List.of(Long.toString(length)))) {
      return head;
    }
    return head.without(Set.of("content-length")).with("Content-Length", Long.toString(length));
  }

  /** Returns the framing of a response body to a request with {@code method}. */
  static Framing ofResponse(Head head, String method, int status) throws HttpFailure {
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304
        || (method.equals("CONNECT") && status / 100 == 2)) {
      return NONE;
    }
    return of(head, UNTIL_CLOSE, 502);
  }

  private static Framing of(Head head, Framing otherwise, int failStatus) throws HttpFailure {
    List<String> codings = head.tokens("Transfer-Encoding");
    if (!codings.isEmpty()) {
      if (!codings.get(codings.size() - 1).equals("chunked")) {
        throw new HttpFailure(failStatus, "Expected chunked as the last transfer coding, got "
            + codings);
      }
      return CHUNKED;
    }
    List<String> lengths = head.values("Content-Length");
    return lengths.isEmpty() ? otherwise : new Framing(Kind.FIXED, length(lengths, failStatus));
  }

  private static long length(List<String> values, int failStatus) throws HttpFailure {
    long result = -1;
    for (String value : String.join(",", values).split(",")) {
      String v = value.trim();
      if (!v.matches("[0-9]{1,18}") || (result >= 0 && Long.parseLong(v) != result)) {
        throw new HttpFailure(failStatus, "Expected one decimal Content-Length, got " + values);
      }
      result = Long.parseLong(v);
    }
    return result;
  }
}
