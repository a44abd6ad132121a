package io.github.proxyauth.testkit.internal;

import java.util.List;

/** How a message body is delimited (RFC 9112 §6). */
record Framing(Kind kind, long length) {
  static final Framing NONE = new Framing(Kind.FIXED, 0);
  static final Framing CHUNKED = new Framing(Kind.CHUNKED, -1);
  static final Framing UNTIL_CLOSE = new Framing(Kind.UNTIL_CLOSE, -1);

  enum Kind { FIXED, CHUNKED, UNTIL_CLOSE }

  boolean isEmpty() {
    return kind == Kind.FIXED && length == 0;
  }

  /** Returns the framing of a request body: chunked, Content-Length, or none. */
  static Framing ofRequest(HttpHead head) throws HttpProtocolException {
    return of(head, NONE);
  }

  /** Returns the framing of a response body to a request with {@code method}. */
  static Framing ofResponse(HttpHead head, String method, int status)
      throws HttpProtocolException {
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      return NONE;
    }
    if (method.equals("CONNECT") && status / 100 == 2) {
      return NONE;
    }
    return of(head, UNTIL_CLOSE);
  }

  private static Framing of(HttpHead head, Framing otherwise) throws HttpProtocolException {
    List<String> codings = head.tokens("Transfer-Encoding");
    if (!codings.isEmpty()) {
      if (!codings.get(codings.size() - 1).equals("chunked")) {
        throw new HttpProtocolException(501, "Expected chunked as the last transfer coding, got "
            + codings);
      }
      return CHUNKED;
    }
    List<String> lengths = head.values("Content-Length");
    if (lengths.isEmpty()) {
      return otherwise;
    }
    return new Framing(Kind.FIXED, contentLength(lengths));
  }

  private static long contentLength(List<String> values) throws HttpProtocolException {
    long result = -1;
    for (String value : String.join(",", values).split(",")) {
      String v = value.trim();
      if (!v.matches("[0-9]{1,18}") || (result >= 0 && Long.parseLong(v) != result)) {
        throw new HttpProtocolException(400, "Expected one decimal Content-Length, got "
            + values);
      }
      result = Long.parseLong(v);
    }
    return result;
  }
}
