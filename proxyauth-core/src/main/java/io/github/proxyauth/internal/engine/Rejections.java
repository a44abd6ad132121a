package io.github.proxyauth.internal.engine;

import io.github.proxyauth.Credentials;
import java.util.Locale;

/** The words of a rejected login: what to check, and the domain trap of Basic and Digest. */
final class Rejections {
  private Rejections() {}

  /**
   * Returns a note for a <code>DOMAIN&#92;user</code> (or {@code user@domain}) rejected by Basic or
   * Digest, which send the name as typed: the proxy may want the bare name. Empty otherwise.
   */
  static String domainNote(ActiveScheme a, Credentials rejected) {
    if (!typedDomain(a, rejected)) {
      return "";
    }
    return "; " + a.name() + " sends the user name as typed, '" + rejected.user() + "', domain"
        + " included, and the proxy may expect the bare name '" + rejected.account() + "'";
  }

  /** Returns what to fix: the password, or for a domain-qualified Basic/Digest user the name. */
  static String fix(ActiveScheme a, Credentials rejected) {
    String lockout = "; the engine will not retry the same credentials, to protect the account"
        + " from lockout";
    if (typedDomain(a, rejected)) {
      return "try the bare user name '" + rejected.account() + "' (" + rejected.source()
          + "), then check its password" + lockout;
    }
    return "check the password of '" + rejected.user() + "' (" + rejected.source() + ")"
        + lockout;
  }

  private static boolean typedDomain(ActiveScheme a, Credentials rejected) {
    String scheme = a.name().toLowerCase(Locale.ROOT);
    return (scheme.equals("basic") || scheme.equals("digest")) && rejected.domain().isPresent()
        && !rejected.user().equals(rejected.account());
  }
}
