package io.github.proxyauth;

import io.github.proxyauth.internal.negotiate.KerberosSource;
import io.github.proxyauth.internal.negotiate.Keytabs;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where Negotiate (Kerberos) takes its credentials from: a {@code FILE:} ticket cache (what
 * {@code kinit} writes), a client keytab, or a principal and password. The login goes through the
 * JDK's {@code Krb5LoginModule} with a programmatic configuration: no jaas.conf, never a console
 * prompt, and the JVM-wide {@code javax.security.auth.useSubjectCredsOnly} is left alone.
 *
 * <p>The JDK reads only {@code FILE:} caches; a {@code KCM:}, {@code KEYRING:}, {@code DIR:} or
 * {@code API:} cache named by {@code KRB5CCNAME} makes Negotiate unavailable with a reason that
 * says how to get a {@code FILE:} cache. The Kerberos configuration (realms, KDCs) is JVM-wide:
 * the JDK reads the system property {@code java.security.krb5.conf} (not {@code KRB5_CONFIG}),
 * else {@code <java.home>/conf/security/krb5.conf}, else {@code /etc/krb5.conf}.
 *
 * <p>Instances are immutable and thread-safe; {@link #toString()} never shows a password.
 */
public final class KerberosLogin {
  private final KerberosSource spec;

  private KerberosLogin(KerberosSource spec) {
    this.spec = spec;
  }

  /**
   * Returns the default ticket cache: the one {@code KRB5CCNAME} names, else the JDK's default
   * ({@code /tmp/krb5cc_<uid>} on Unix).
   */
  public static KerberosLogin defaultTicketCache() {
    return new KerberosLogin(KerberosSource.ticketCache(System.getenv("KRB5CCNAME")));
  }

  /** Returns the ticket cache in {@code file} (a {@code FILE:} cache, as kinit -c writes). */
  public static KerberosLogin ticketCache(Path file) {
    Objects.requireNonNull(file, "file");
    return new KerberosLogin(KerberosSource.ticketCache("FILE:" + file.toAbsolutePath()));
  }

  /**
   * Returns a login with the key of {@code principal} (for example {@code svc@EXAMPLE.COM}) from
   * {@code keytab}; the ticket is renewed by logging in again when it expires.
   */
  public static KerberosLogin keytab(String principal, Path keytab) {
    Objects.requireNonNull(keytab, "keytab");
    return new KerberosLogin(new KerberosSource.Keytab(KerberosSource.checkPrincipal(principal),
        keytab.toAbsolutePath()));
  }

  /**
   * Returns a login of {@code principal} with {@code password} (copied; clear your array after
   * the call). The KDC sees the password only as a Kerberos pre-authentication key.
   */
  public static KerberosLogin password(String principal, char[] password) {
    return new KerberosLogin(new KerberosSource.Password(principal, password));
  }

  /** Returns {@link #fromEnvironment(Function)} over {@link System#getenv(String)}. */
  public static KerberosLogin fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * Returns the login the environment asks for: the cache {@code KRB5CCNAME} names when set, else
   * the client keytab {@code KRB5_CLIENT_KTNAME} (as the key of its first principal) when set,
   * else the default ticket cache. A lookup answering null or empty means unset.
   *
   * @throws IllegalArgumentException when {@code KRB5_CLIENT_KTNAME} names a keytab that cannot be
   *     read or holds no entry
   */
  public static KerberosLogin fromEnvironment(Function<String, @Nullable String> environment) {
    Objects.requireNonNull(environment, "environment");
    String cache = environment.apply("KRB5CCNAME");
    String keytab = environment.apply("KRB5_CLIENT_KTNAME");
    if ((cache == null || cache.isBlank()) && keytab != null && !keytab.isBlank()) {
      Path file = Path.of(keytab.startsWith("FILE:") ? keytab.substring(5) : keytab);
      return keytab(Keytabs.firstPrincipal(file), file);
    }
    return new KerberosLogin(KerberosSource.ticketCache(cache));
  }

  /**
   * Returns where the credentials come from, for diagnostics: {@code "ticket cache
   * FILE:/tmp/krb5cc_1000"}, {@code "keytab /etc/app.keytab for app@EXAMPLE.COM"} or {@code
   * "password for alice@EXAMPLE.COM"}. Never a secret.
   */
  public String source() {
    return spec.describe();
  }

  /** Returns the client principal when it is known before logging in; empty for ticket caches. */
  public Optional<String> principal() {
    return spec.knownPrincipal();
  }

  KerberosSource spec() {
    return spec;
  }

  @Override
  public String toString() {
    return "KerberosLogin[" + spec.describe() + "]";
  }
}
