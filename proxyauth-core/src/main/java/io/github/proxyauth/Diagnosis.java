package io.github.proxyauth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the engine stopped authenticating with a proxy, in a form a person can act on: what the
 * proxy offered, what was tried in which order, why it failed and what to fix. Never contains a
 * secret.
 *
 * @param proxy the proxy as {@code host:port}
 * @param reason the class of failure
 * @param offered the schemes the proxy offered, in header order, lower-cased
 * @param chosen the scheme that was tried last; empty when none could be used
 * @param attempts one line per step taken, in order ("ntlm: sent Type 1", "ntlm: rejected")
 * @param detail what happened, in one or two sentences
 * @param fix what the user should do about it
 */
public record Diagnosis(String proxy, Reason reason, List<String> offered, Optional<String> chosen,
    List<String> attempts, String detail, String fix) {

  public Diagnosis {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(reason, "reason");
    offered = List.copyOf(offered);
    Objects.requireNonNull(chosen, "chosen");
    attempts = List.copyOf(attempts);
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(fix, "fix");
  }

  /** The classes of failure, each with its own remedy. */
  public enum Reason {
    /** None of the offered schemes is enabled, or none has credentials. */
    NO_USABLE_SCHEME,
    /** The proxy rejected the credentials, and no different ones were available. */
    CREDENTIALS_REJECTED,
    /** The attempt cap was reached (a proxy that answers 407 forever). */
    TOO_MANY_ATTEMPTS,
    /** Only schemes weaker than the configured minimum were offered. */
    DOWNGRADE_REFUSED,
    /** No challenge could be parsed. */
    MALFORMED_CHALLENGE,
    /** A scheme failed locally (no Kerberos ticket, unknown service principal, encoding). */
    SCHEME_FAILED,
    /** Earlier rejections in this scope paused new attempts to protect the account from lockout. */
    BACKED_OFF,
    /** The proxy broke the handshake (closed the connection, answered out of order). */
    PROTOCOL_ERROR,
    /** A handshake step (an answer, its head, the whole handshake) missed its deadline. */
    PROXY_TIMEOUT
  }

  /** Returns the diagnosis as a multi-line message: detail, offer, attempts and fix. */
  public String describe() {
    StringBuilder out = new StringBuilder()
        .append("Proxy authentication with ").append(proxy).append(" failed (").append(reason)
        .append("): ").append(detail);
    out.append("\n  offered: ").append(offered.isEmpty() ? "(nothing)" : String.join(", ", offered));
    chosen.ifPresent(scheme -> out.append("\n  chosen: ").append(scheme));
    if (!attempts.isEmpty()) {
      out.append("\n  attempts: ").append(String.join("; ", attempts));
    }
    return out.append("\n  fix: ").append(fix).toString();
  }
}
