package io.github.proxyauth.spi;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The authentication of one request on one connection to a proxy: the handshake state of the
 * chosen scheme (an NTLM context, a Digest nonce count), the attempts made and the history behind
 * a diagnosis. Created by {@link ProxyAuthenticator#newExchange(AuthRequest)}; this is what an
 * adapter drives.
 *
 * <p>Drive it with the proxy's answers: {@link #preemptive()} before the first request on a new
 * connection, {@link #respond(List)} for each {@code 407}, {@link #connectionClosed()} when the
 * proxy closed the connection after a {@code 407}, and {@link #succeeded(List)} on the first
 * non-407 answer. When the adapter itself must stop (its transport failed, the proxy broke the
 * protocol), it calls {@link #fail} so the engine reports it like every other failure; when it
 * stops with nobody to report to (the requester went away), it calls {@link #abandoned()}. Not
 * thread-safe: confined to the thread handling its connection at a time.
 */
public interface AuthExchange {

  /** Returns the request this exchange authenticates. */
  AuthRequest request();

  /** Returns the scheme in use, or empty before one was chosen. */
  Optional<String> scheme();

  /**
   * Returns true when the scheme in use authenticates the connection rather than each request
   * (NTLM): the proxy then lets later requests on that connection through without a header.
   */
  boolean connectionBound();

  /**
   * Records that this exchange's request goes without a header on a connection that a
   * {@link #connectionBound()} success authenticated. Call it before sending. A {@code 407} to
   * the request then tells the engine that the proxy asked again: it answers from the challenge,
   * and when the scheme's binding is only the proxy's choice (Negotiate) it answers every later
   * request to that proxy with its own token ({@link AuthScheme#perRequestFallback()}).
   */
  void reliesOnConnection();

  /** Returns how many {@code Proxy-Authorization} values this exchange produced. */
  int attempts();

  /** Returns the steps taken so far, one line each, without secrets. */
  List<String> history();

  /**
   * Returns a {@code Proxy-Authorization} value to send with the first request on a new
   * connection, from what worked last time with this proxy; empty when nothing is cached, the
   * scheme cannot answer ahead of a challenge, or preemptive authentication is off. Never throws:
   * a failure here only means waiting for the challenge.
   */
  Optional<String> preemptive();

  /**
   * Marks this exchange as driven from a thread that must not block, such as an async client's
   * I/O thread: when another attempt with the same (once rejected) credentials is being verified,
   * {@link #respond} fails at once with {@code BACKED_OFF} instead of waiting up to the lockout's
   * probe lease for its verdict. Blocking clients leave it: their extra requests then wait and
   * usually succeed. Returns this exchange.
   */
  AuthExchange nonBlocking();

  /**
   * Fails at once, before the adapter touches the network, when the lockout pauses this proxy's
   * credentials (they were rejected repeatedly and the credential provider has no newer ones):
   * call it before opening a connection or sending the first request. Does nothing otherwise.
   *
   * @throws ProxyAuthException with reason {@code BACKED_OFF} while paused
   */
  void throwIfPaused() throws ProxyAuthException;

  /**
   * Returns the {@code Proxy-Authorization} value that answers a {@code 407}.
   *
   * @param proxyAuthenticate every {@code Proxy-Authenticate} field value of the 407, in order
   * @throws ProxyAuthException with a {@link Diagnosis} when authentication cannot go on,
   *     including when the engine's attempt cap is reached
   */
  String respond(List<String> proxyAuthenticate) throws ProxyAuthException;

  /**
   * Records that the proxy closed the connection after its last {@code 407}: a connection-bound
   * handshake (NTLM) restarts from its first leg on the next connection.
   */
  void connectionClosed();

  /**
   * Same as {@link #succeeded(List, List)} without {@code Proxy-Authentication-Info} values.
   *
   * @param proxyAuthenticate the {@code Proxy-Authenticate} values of the success response, if any
   * @throws ProxyAuthException when a final token does not verify
   */
  default void succeeded(List<String> proxyAuthenticate) throws ProxyAuthException {
    succeeded(proxyAuthenticate, List.of());
  }

  /**
   * Records that the proxy accepted the request (a non-407 answer): verifies a final Negotiate
   * token, clears the back-off and caches the scheme for preemptive use on new connections,
   * with what the proxy announced for the next request (a Digest {@code nextnonce}). A malformed
   * {@code Proxy-Authentication-Info} does not fail the request: it is ignored and the step says
   * why in the {@link #history()}.
   *
   * @param proxyAuthenticate the {@code Proxy-Authenticate} values of the success response, if any
   * @param proxyAuthenticationInfo the {@code Proxy-Authentication-Info} values of the success
   *     response, if any
   * @throws ProxyAuthException when a final token does not verify
   */
  void succeeded(List<String> proxyAuthenticate, List<String> proxyAuthenticationInfo)
      throws ProxyAuthException;

  /**
   * Ends the exchange for a reason the adapter saw (its transport failed, the proxy broke the
   * protocol): returns the exception to throw, with a diagnosis holding this exchange's history,
   * and emits {@code GAVE_UP} once. Later calls, and {@link #respond}, return the first failure.
   *
   * @param proxyAuthenticate the {@code Proxy-Authenticate} values of the {@code 407} the adapter
   *     gives up on, so the diagnosis lists what the proxy offered; empty when there was none
   * @param reason why the exchange ends
   * @param detail what happened, without secrets
   * @param fix what the user can do about it
   * @param cause the underlying exception, or null
   */
  ProxyAuthException fail(List<String> proxyAuthenticate, Diagnosis.Reason reason, String detail,
      String fix, @Nullable Throwable cause);

  /**
   * Records that the adapter stops driving this exchange without a verdict from the proxy: the
   * requester went away mid-handshake (a relay's client closed its connection), or the transport
   * failed in a way the adapter reports itself. The attempt in flight is no rejection and holds
   * nothing any more: when it was the lockout's probe of once-rejected credentials, the next
   * request probes at once instead of waiting out the probe lease. Emits no event; does nothing
   * after {@link #fail} or a second time. Calling {@link #respond} afterwards is a programming
   * error ({@code IllegalStateException}).
   */
  void abandoned();

  /**
   * Reports that the adapter was set up wrongly (a missing part): emits one {@link
   * io.github.proxyauth.AuthEvent.Type#MISCONFIGURED} event with {@code detail}, which says what
   * is missing and how to fix it, without secrets. The exchange goes on.
   */
  void misconfigured(String detail);
}
