package io.github.proxyauth.jdkhttp.internal;

/**
 * The request line of a client request.
 *
 * @param method the method, for example {@code GET} or {@code CONNECT}
 * @param target the request-target: an absolute URI, or {@code host:port} for CONNECT
 * @param version the HTTP version, {@code HTTP/1.1} or {@code HTTP/1.0}
 */
record RequestLine(String method, String target, String version) {

  static RequestLine parse(Head head) throws HttpFailure {
    String[] parts = head.startLine().split(" ");
    if (parts.length != 3 || !parts[0].matches("[A-Za-z!#$%&'*+.^_`|~0-9-]+")
        || !parts[2].matches("HTTP/1\\.[01]")) {
      throw HttpFailure.badRequest("Expected a request line 'METHOD target HTTP/1.x', got '"
          + Text.clip(head.startLine()) + "'");
    }
    return new RequestLine(parts[0], parts[1], parts[2]);
  }

  boolean isConnect() {
    return method.equals("CONNECT");
  }
}
