package io.github.proxyauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a proxy authentication, for logs, metrics and the CLI's verbose view. Events name
 * the proxy, scheme, realm and step; they never carry a password, a {@code Proxy-Authorization}
 * value or a token.
 *
 * @param type what happened
 * @param proxy the proxy as {@code host:port}
 * @param scheme the scheme concerned, lower-cased; empty when none was chosen yet
 * @param realm the realm the proxy named; empty when none
 * @param detail a one-line human explanation
 * @param elapsed the time since the exchange started
 * @param reason the class of failure, for metrics and alerts: the diagnosis's reason for
 *     {@link Type#GAVE_UP}, {@link Diagnosis.Reason#CREDENTIALS_REJECTED} for
 *     {@link Type#REJECTED}, {@link Diagnosis.Reason#BACKED_OFF} for {@link Type#BACKED_OFF};
 *     empty for every other type
 */
public record AuthEvent(Type type, String proxy, Optional<String> scheme, Optional<String> realm,
    String detail, Duration elapsed, Optional<Diagnosis.Reason> reason) {

  public AuthEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(reason, "reason");
  }

  /** Returns an event without a {@link #reason()}, as events were before it existed. */
  public AuthEvent(Type type, String proxy, Optional<String> scheme, Optional<String> realm,
      String detail, Duration elapsed) {
    this(type, proxy, scheme, realm, detail, elapsed, Optional.empty());
  }

  /** The kinds of step. */
  public enum Type {
    /** The proxy answered 407; detail lists the offered schemes in order. */
    CHALLENGED,
    /** One {@code Proxy-Authenticate} value was malformed and skipped; detail says where. */
    MALFORMED_CHALLENGE,
    /** An offered scheme cannot be used (no credentials, no Kerberos ticket, policy); detail says why. */
    SCHEME_UNAVAILABLE,
    /** A scheme was chosen; detail says why. */
    SCHEME_SELECTED,
    /** A {@code Proxy-Authorization} value was computed in answer to a challenge. */
    RESPONDED,
    /** A {@code Proxy-Authorization} value was sent before any challenge, from the auth cache. */
    PREEMPTIVE,
    /** The handshake continued (NTLM Type 2, Negotiate continuation, Digest {@code stale=true}). */
    CONTINUED,
    /** The proxy accepted the credentials. */
    SUCCEEDED,
    /** The proxy rejected the credentials. */
    REJECTED,
    /** The credential provider was asked for fresh credentials after a rejection. */
    CREDENTIALS_REFRESHED,
    /** A weaker scheme than allowed was offered and refused. */
    DOWNGRADE_REFUSED,
    /** Basic credentials go over a cleartext connection to the proxy. */
    CLEARTEXT_CREDENTIALS,
    /**
     * Repeated rejections paused new attempts in this scope, to protect the account from a
     * lockout by the directory; emitted once when the pause starts, detail says until when.
     */
    BACKED_OFF,
    /** The engine stopped; detail carries the diagnosis, {@link #reason()} its class. */
    GAVE_UP,
    /** An adapter is set up wrongly (a part is missing); detail says what and how to fix it. */
    MISCONFIGURED
  }
}
