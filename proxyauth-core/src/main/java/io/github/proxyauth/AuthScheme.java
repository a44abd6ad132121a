package io.github.proxyauth;

import io.github.proxyauth.internal.basic.BasicScheme;
import io.github.proxyauth.internal.engine.Engine;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.List;
import java.util.Optional;

/**
 * An authentication scheme that can answer a proxy's challenges, and the SPI for adding one.
 * Schemes are stateless and thread-safe: per-connection handshake state lives in the
 * {@link AuthSession} a scheme creates for one exchange.
 *
 * <p>The built-in schemes are {@link #basic()} (RFC 7617), {@link #digest()} (RFC 7616),
 * {@link #ntlm()} (MS-NLMP, NTLMv2 only) and {@link #negotiate()} (RFC 4559, Kerberos through the
 * JDK's GSS-API).
 */
public interface AuthScheme {

  /** Strength of Basic: the password travels in the clear. */
  int BASIC_STRENGTH = 10;
  /** Strength of Digest. */
  int DIGEST_STRENGTH = 20;
  /** Strength of NTLM (NTLMv2). */
  int NTLM_STRENGTH = 30;
  /** Strength of Negotiate with Kerberos. */
  int NEGOTIATE_STRENGTH = 40;

  /** Returns the auth-scheme token this scheme answers, lower-cased: {@code "digest"}. */
  String name();

  /** Returns how strong the scheme is; the minimum-strength setting compares against it. */
  int strength();

  /**
   * Returns true when a success authenticates the connection, not only the request: the adapters
   * then send later requests on that connection without a header, and a new connection starts
   * again. NTLM always (its handshake spans several requests on one connection); Negotiate where
   * the proxy keeps the connection authenticated, as Squid does (see
   * {@link #perRequestFallback()}).
   */
  default boolean connectionBound() {
    return false;
  }

  /**
   * Returns true when binding the connection is the proxy's choice rather than the handshake's
   * need (Negotiate: Squid keeps a connection authenticated, other proxies want a token with
   * every request). When a proxy answers 407 to a header-less request on a connection this scheme
   * had authenticated, the engine re-authenticates and from then on answers every request to that
   * proxy on its own, as if {@link #connectionBound()} were false. Only read when
   * {@link #connectionBound()} is true; false for NTLM, whose 407 there only restarts the
   * handshake.
   */
  default boolean perRequestFallback() {
    return false;
  }

  /**
   * Returns true when a cached challenge may answer for one request at a time only (Digest: the
   * counts of one nonce must reach the proxy in order, and a proxy such as Squid makes a nonce
   * stale when a lower count arrives after a higher one). The engine then keeps a pool of the
   * challenges that succeeded and lends each to one preemptive answer at a time, so parallel
   * connections each use a nonce of their own; with none free the proxy's 407 brings a new one.
   */
  default boolean cachedChallengeExclusive() {
    return false;
  }

  /**
   * Returns true when the scheme needs password {@link Credentials} from the credential provider;
   * false for schemes with their own credentials (Negotiate uses Kerberos tickets).
   */
  default boolean usesPasswordCredentials() {
    return true;
  }

  /**
   * Returns the challenge to answer among several of this scheme that the proxy offered, in header
   * order. The default takes the first; Digest prefers the strongest algorithm.
   */
  default Challenge select(List<Challenge> offered) {
    return offered.get(0);
  }

  /**
   * Returns why this scheme cannot run in {@code context} (for example "no Kerberos ticket"), or
   * empty when it can. The default needs credentials when {@link #usesPasswordCredentials()}.
   */
  default Optional<String> unavailableReason(AuthContext context) {
    return usesPasswordCredentials() && context.credentials().isEmpty()
        ? Optional.of("no credentials for " + context.scope().proxy())
        : Optional.empty();
  }

  /**
   * Returns a new session for one exchange on one connection.
   *
   * @throws ProxyAuthException when the scheme cannot start (for example a Kerberos login failed)
   */
  AuthSession newSession(AuthContext context) throws ProxyAuthException;

  /**
   * Returns the schemes an authenticator uses unless told otherwise, strongest first: Negotiate
   * (the default Kerberos ticket cache), NTLM, Digest, Basic. Start from it to change one scheme,
   * for example Negotiate with a keytab, without listing the others by hand.
   */
  static List<AuthScheme> defaults() {
    return Engine.defaultSchemes();
  }

  /** Returns Basic (RFC 7617): UTF-8 when the proxy says {@code charset="UTF-8"}, else ISO-8859-1. */
  static AuthScheme basic() {
    return BasicScheme.INSTANCE;
  }

  /**
   * Returns Digest (RFC 7616): MD5, SHA-256 and SHA-512-256 with their {@code -sess} variants,
   * {@code qop=auth} (preferred) or {@code auth-int} with an empty body, RFC 2069 answers when no
   * qop is offered, {@code userhash}, {@code username*} for non-ASCII users and nonce reuse with
   * an incremented nonce count. Among several Digest challenges it answers the strongest
   * algorithm. Stateless and thread-safe.
   */
  static AuthScheme digest() {
    return io.github.proxyauth.internal.digest.DigestScheme.INSTANCE;
  }

  /**
   * Returns NTLM (MS-NLMP), NTLMv2 only with a MIC when the proxy's challenge carries a timestamp,
   * sending no workstation name. The user may be <code>DOMAIN&#92;user</code>, {@code user@domain} or a
   * plain user (see {@link Credentials}). Connection-bound; stateless and thread-safe.
   */
  static AuthScheme ntlm() {
    return io.github.proxyauth.internal.ntlm.NtlmScheme.create(Optional.empty());
  }

  /**
   * Returns NTLM like {@link #ntlm()} that sends {@code workstation} as the workstation name.
   *
   * @throws IllegalArgumentException when the name is empty, longer than 255 characters or has
   *     control characters
   */
  static AuthScheme ntlm(String workstation) {
    return io.github.proxyauth.internal.ntlm.NtlmScheme.create(
        Optional.of(java.util.Objects.requireNonNull(workstation, "workstation")));
  }

  /**
   * Returns Negotiate (RFC 4559, SPNEGO with Kerberos through the JDK's GSS-API) with the default
   * ticket cache ({@link KerberosLogin#defaultTicketCache()}). Unavailable, with a reason the
   * engine reports, when there is no valid ticket. Stateless apart from the shared, renewed login;
   * thread-safe.
   */
  static AuthScheme negotiate() {
    return negotiate(NegotiateOptions.defaults());
  }

  /** Returns Negotiate logging in with {@code login}; otherwise {@link NegotiateOptions#defaults()}. */
  static AuthScheme negotiate(KerberosLogin login) {
    return negotiate(NegotiateOptions.builder().login(login).build());
  }

  /** Returns Negotiate configured by {@code options}. */
  static AuthScheme negotiate(NegotiateOptions options) {
    return io.github.proxyauth.internal.negotiate.NegotiateScheme.create(options.spec(), options);
  }
}
