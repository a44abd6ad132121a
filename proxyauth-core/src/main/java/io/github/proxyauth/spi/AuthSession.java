package io.github.proxyauth.spi;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthException;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one scheme's handshake on one connection. Created by
 * {@link AuthScheme#newSession(AuthContext)} and confined to the thread driving the exchange; not
 * thread-safe.
 */
public interface AuthSession {

  /**
   * Returns the {@code Proxy-Authorization} value to send before any challenge on a new
   * connection, using {@link AuthContext#cachedChallenge()} (Basic, Digest nonce reuse, NTLM
   * Type 1, a Negotiate token), or empty when the scheme cannot authenticate preemptively.
   */
  default Optional<String> preemptive() throws ProxyAuthException {
    return Optional.empty();
  }

  /**
   * Returns the {@code Proxy-Authorization} value that answers {@code challenge}: the first answer
   * to a fresh challenge, or the next leg of a handshake that {@link #continues(Challenge)}.
   *
   * @throws ProxyAuthException when the challenge is unusable (bad token, unsupported algorithm)
   */
  String respond(Challenge challenge) throws ProxyAuthException;

  /**
   * Returns true when {@code challenge}, received after this session answered, continues the
   * handshake (NTLM Type 2, a Negotiate continuation token, Digest {@code stale=true}) instead of
   * rejecting the credentials.
   */
  default boolean continues(Challenge challenge) {
    return false;
  }

  /**
   * Checks the proxy's final word on success: a Negotiate token on a 2xx, if any.
   *
   * @param finalChallenge the challenge of this scheme on the successful response; empty if none
   * @throws ProxyAuthException when the final token does not verify
   */
  default void verify(Optional<Challenge> finalChallenge) throws ProxyAuthException {}

  /**
   * Returns the challenge that later requests answer preemptively once the proxy accepted this
   * session's answer to {@code answered}: by default {@code answered} itself; Digest takes the
   * {@code nextnonce} the proxy announced (RFC 7616 §3.5), so a nonce the proxy retires is
   * replaced without a {@code stale=true} round trip.
   *
   * @param info the auth-params of the success response's {@code Proxy-Authentication-Info}
   *     ({@link Challenge#parseInfo}); empty when it had none
   */
  default Challenge nextChallenge(Challenge answered, Map<String, String> info) {
    return answered;
  }
}
