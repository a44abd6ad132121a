package io.github.proxyauth.jdkhttp.internal;

import java.util.List;

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

  /** Returns the framing of a request body. */
  static Framing ofRequest(Head head) throws HttpFailure {
    return of(head, NONE, 400);
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
