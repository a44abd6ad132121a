package io.github.proxyauth.testkit.internal;

/** The outcome of checking one {@code Proxy-Authorization} value. */
public sealed interface Verdict {

  /**
   * The credentials are good: the request goes through as {@code user}; a forwarded request's
   * response carries {@code authenticationInfo} as {@code Proxy-Authentication-Info}, if present.
   */
  record Accepted(String user, java.util.Optional<String> authenticationInfo) implements Verdict {
    public Accepted(String user) {
      this(user, java.util.Optional.empty());
    }
  }

  /** The handshake goes on: answer 407 with this {@code Proxy-Authenticate} value (NTLM Type 2). */
  record Continue(String proxyAuthenticate) implements Verdict {}

  /** The credentials are wrong or malformed; {@code reason} is for the test log, never a secret. */
  record Rejected(String reason) implements Verdict {}
}
