package io.github.proxyauth.testkit;

/**
 * Returns, as a constant, one misbehaviour a {@link TestProxy} can inject, for testing how a
 * client copes with a broken or hostile proxy. Set them with {@link TestProxy.Builder#fault} or at
 * run time with {@link TestProxy#injectFaults}. Without faults, every 407 is keep-alive and carries an
 * HTML body with a {@code Content-Length}, as Squid's does.
 */
public enum Fault {
  /** Every 407 (including an NTLM Type 2) carries {@code Connection: close}; then the proxy closes. */
  CLOSE_ON_407,
  /** Every 407 carries {@code Proxy-Connection: close}; then the proxy closes. */
  PROXY_CONNECTION_CLOSE_ON_407,
  /**
   * Instead of answering a handshake step that would continue (an NTLM Type 1, a Negotiate
   * continuation, a stale Digest answer), the proxy closes the connection without a response.
   */
  CLOSE_MID_HANDSHAKE,
  /** The proxy never accepts credentials: correct ones get a fresh 407 like wrong ones. */
  ENDLESS_407,
  /**
   * Every 407 starts with a malformed {@code Proxy-Authenticate} field ({@code Digest
   * realm="unterminated}), followed by the real challenges.
   */
  MALFORMED_CHALLENGE,
  /** Every 407 starts with a {@code Proxy-Authenticate} field of 1 MiB, then the real ones. */
  HUGE_CHALLENGE,
  /** Every 407 body is sent with {@code Transfer-Encoding: chunked}. */
  CHUNKED_407_BODY,
  /** Every 407 body has no length: it ends when the proxy closes the connection. */
  CLOSE_DELIMITED_407_BODY,
  /** The proxy closes every connection right after accepting it, before reading a byte. */
  REFUSE_CONNECTIONS,
  /**
   * Every 407 head is sent one byte every 200 ms (a head of a few hundred bytes takes about a
   * minute); its page follows at once. A dripping proxy, for a client's handshake deadline.
   */
  DRIPPED_407_HEAD,
  /** Every 407 head is sent at once, with its {@code Content-Length}; its page one byte every 200 ms. */
  DRIPPED_407_BODY,
  /**
   * The proxy reads every request head and never answers: it keeps the connection open until the
   * client closes it (or the proxy's read timeout ends it).
   */
  SILENT,
  /**
   * As {@link #CLOSE_AFTER_CREDENTIALS}, but instead of closing the proxy answers nothing and
   * keeps the connection open until the client closes it (or the proxy's read timeout ends it).
   */
  SILENT_AFTER_CREDENTIALS,
  /**
   * Instead of answering a request whose credentials end a handshake (Basic, Digest, an NTLM Type
   * 3, a Negotiate token the acceptor takes or refuses), the proxy closes the connection without
   * a response; the request is still recorded.
   */
  CLOSE_AFTER_CREDENTIALS,
  /**
   * Every answer to a Negotiate token is a 407 whose token is not base64 ({@code Negotiate
   * oYG-~_.not.base64}: token68 characters, so it parses as a challenge).
   */
  NEGOTIATE_BAD_BASE64,
  /** Every answer to a Negotiate token is a 407 with a SPNEGO NegTokenResp cut off mid-DER. */
  NEGOTIATE_TRUNCATED_TOKEN,
  /** Every answer to a Negotiate token is a 407 with a NegTokenResp whose negState is reject. */
  NEGOTIATE_REJECT,
  /** Every answer to a Negotiate token is a 407 with a token of 70,000 base64 characters. */
  NEGOTIATE_HUGE_TOKEN,
  /**
   * The proxy never completes Negotiate: where the acceptor takes the token, it answers 407 with
   * the acceptor's real final (mutual authentication) token instead of passing the request, each
   * time.
   */
  NEGOTIATE_NO_MUTUAL
}
