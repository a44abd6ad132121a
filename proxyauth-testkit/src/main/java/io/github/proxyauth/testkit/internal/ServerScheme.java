package io.github.proxyauth.testkit.internal;

/**
 * One authentication scheme on the proxy side. Implementations are thread-safe; state that belongs
 * to one TCP connection (an NTLM handshake in progress) lives in {@link ServerConnection}.
 */
public interface ServerScheme {

  /** Returns the lower-case scheme name: basic, digest, ntlm or negotiate. */
  String name();

  /** Returns the {@code Proxy-Authenticate} value that opens this scheme in a fresh 407. */
  String challenge(ServerConnection connection);

  /**
   * Checks one {@code Proxy-Authorization} value whose scheme is this one.
   *
   * @param credentials the value after the scheme name and its space (token68 or auth-params)
   */
  Verdict verify(String credentials, ServerRequest request, ServerConnection connection);

  /**
   * Checks one {@code Proxy-Authorization} value when the proxy has read the request body first
   * (Digest with {@code qop=auth-int} hashes it). By default the body is ignored.
   */
  default Verdict verify(
      String credentials, ServerRequest request, byte[] body, ServerConnection connection) {
    return verify(credentials, request, connection);
  }

  /**
   * Returns whether a success authenticates the TCP connection, so that later requests on it pass
   * without a header: NTLM always, Negotiate unless configured per request (Squid binds it).
   */
  default boolean connectionBound() {
    return false;
  }

  /** Returns whether checking {@code credentials} needs the request body (Digest auth-int). */
  default boolean needsBody(String credentials) {
    return false;
  }
}
