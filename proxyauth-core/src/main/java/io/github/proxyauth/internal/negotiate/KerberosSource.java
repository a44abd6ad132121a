package io.github.proxyauth.internal.negotiate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where a Kerberos login takes its credentials from. Immutable; never shows a password. */
public sealed interface KerberosSource {

  /** Returns a description for diagnostics: "ticket cache FILE:/tmp/krb5cc_1000". */
  String describe();

  /** Returns the client principal when it is known before logging in. */
  Optional<String> knownPrincipal();

  /**
   * A credentials cache. {@code file} is empty, and {@code unreadable} says why, when the name is
   * a cache type the JDK cannot read (KCM:, KEYRING:, DIR:, API:, MEMORY:).
   */
  record TicketCache(String name, Optional<Path> file, Optional<String> unreadable)
      implements KerberosSource {
    @Override
    public String describe() {
      return "ticket cache " + name;
    }

    @Override
    public Optional<String> knownPrincipal() {
      return Optional.empty();
    }
  }

  /** A client keytab with the key of {@code principal}. */
  record Keytab(String principal, Path file) implements KerberosSource {
    @Override
    public String describe() {
      return "keytab " + file + " for " + principal;
    }

    @Override
    public Optional<String> knownPrincipal() {
      return Optional.of(principal);
    }
  }

  /** A principal and password for an AS exchange. The password is copied in and out. */
  final class Password implements KerberosSource {
    private final String principal;
    private final char[] password;

    public Password(String principal, char[] password) {
      this.principal = checkPrincipal(principal);
      this.password = Objects.requireNonNull(password, "password").clone();
    }

    public String principal() {
      return principal;
    }

    public char[] password() {
      return password.clone();
    }

    @Override
    public String describe() {
      return "password for " + principal;
    }

    @Override
    public Optional<String> knownPrincipal() {
      return Optional.of(principal);
    }

    @Override
    public String toString() {
      return "Password[principal=" + principal + ", password=<redacted>]";
    }
  }

  /**
   * Returns the cache that {@code krb5ccname} (the value of KRB5CCNAME) names, or the JDK's
   * default FILE: cache when it is absent or empty.
   */
  static TicketCache ticketCache(@Nullable String krb5ccname) {
    if (krb5ccname == null || krb5ccname.isBlank()) {
      Path file = defaultCacheFile();
      return new TicketCache("FILE:" + file, Optional.of(file), Optional.empty());
    }
    int colon = krb5ccname.indexOf(':');
    String type = colon > 1 ? krb5ccname.substring(0, colon).toUpperCase(Locale.ROOT) : "FILE";
    if (!type.equals("FILE")) {
      return new TicketCache(krb5ccname, Optional.empty(), Optional.of("KRB5CCNAME=" + krb5ccname
          + " names a " + type + ": credentials cache, which the JDK cannot read (it reads FILE:"
          + " caches only): run 'kinit -c FILE:/tmp/krb5cc_proxyauth' and set"
          + " KRB5CCNAME=FILE:/tmp/krb5cc_proxyauth, or configure a keytab"));
    }
    Path file = Path.of(colon > 1 ? krb5ccname.substring(colon + 1) : krb5ccname);
    return new TicketCache("FILE:" + file, Optional.of(file), Optional.empty());
  }

  /** Returns the file the JDK reads without KRB5CCNAME: /tmp/krb5cc_UID, else ~/krb5cc_USER. */
  private static Path defaultCacheFile() {
    if (!System.getProperty("os.name", "").startsWith("Windows")) {
      try {
        return Path.of("/tmp/krb5cc_" + new com.sun.security.auth.module.UnixSystem().getUid());
      } catch (RuntimeException | LinkageError e) {
        // no native UnixSystem (unusual platform): the JDK falls back to the home directory too
      }
    }
    return Path.of(System.getProperty("user.home", ""), "krb5cc_" + System.getProperty("user.name"));
  }

  static String checkPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    if (principal.isBlank() || principal.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("Kerberos principal must be a name like"
          + " alice@EXAMPLE.COM, got '" + principal.replaceAll("\\p{Cntrl}", "?") + "'");
    }
    return principal;
  }

}
