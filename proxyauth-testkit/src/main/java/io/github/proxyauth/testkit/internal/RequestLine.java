package io.github.proxyauth.testkit.internal;

/** A parsed request-line (RFC 9112 §3): method SP request-target SP HTTP-version. */
record RequestLine(String method, String target, String version) {

  static RequestLine parse(String line) throws HttpProtocolException {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()
        || !parts[0].matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw new HttpProtocolException(400, "Expected 'METHOD target HTTP/1.1', got '"
          + line.substring(0, Math.min(60, line.length())) + "'");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new HttpProtocolException(505, "Expected HTTP/1.1 or HTTP/1.0, got '"
          + parts[2].substring(0, Math.min(20, parts[2].length())) + "'");
    }
    return new RequestLine(parts[0], parts[1], parts[2]);
  }

  boolean isConnect() {
    return method.equals("CONNECT");
  }

  boolean isHttp11() {
    return version.equals("HTTP/1.1");
  }

  /** Returns whether the client lets the connection stay open after this exchange. */
  boolean keepAlive(HttpHead head) {
    return isHttp11() && !head.tokens("Connection").contains("close")
        && !head.tokens("Proxy-Connection").contains("close");
  }
}
