package io.github.proxyauth.internal.negotiate;

import io.github.proxyauth.ProxyAuthException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.LoginException;
import org.jspecify.annotations.Nullable;

/**
 * The logged-in Subject of one {@link KerberosSource}, shared by all sessions of a scheme, and
 * logged in again when its TGT expires (or is about to). Thread-safe.
 */
final class KerberosCredentials {
  /** Log in again when the TGT has less than this left: a handshake must not outlive it. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private final KerberosSource source;
  private final Login login;
  private @Nullable Subject subject;

  /** A JAAS login; tests record the calls. */
  interface Login {
    Subject login(KerberosSource source) throws LoginException;
  }

  KerberosCredentials(KerberosSource source) {
    this(source, JaasLogin::login);
  }

  KerberosCredentials(KerberosSource source, Login login) {
    this.source = source;
    this.login = login;
  }

  KerberosSource source() {
    return source;
  }

  /** Returns why no login can succeed, checking local files only (no KDC traffic for keytabs). */
  Optional<String> unavailableReason(Clock clock) {
    if (source instanceof KerberosSource.TicketCache cache) {
      return cacheProblem(cache).or(() -> loginProblem(clock));
    }
    if (source instanceof KerberosSource.Keytab keytab) {
      return keytabProblem(keytab);
    }
    return Optional.empty();
  }

  /** Returns the Subject, logging in first when there is none or its TGT (nearly) expired. */
  synchronized Subject subject(Clock clock) throws ProxyAuthException {
    Subject current = subject;
    if (current != null && tgtEnd(current).filter(end -> fresh(end, clock)).isPresent()) {
      return current;
    }
    try {
      Subject fresh = login.login(source);
      Instant end = tgtEnd(fresh).orElseThrow(() -> new ProxyAuthException("Kerberos login from "
          + source.describe() + " returned no ticket-granting ticket: run kinit"));
      if (!fresh(end, clock)) {
        throw new ProxyAuthException("Kerberos ticket from " + source.describe() + " expired at "
            + end + ": " + KerberosErrors.renewHint(source));
      }
      subject = fresh;
      return fresh;
    } catch (LoginException e) {
      throw KerberosErrors.loginFailed(source, e);
    }
  }

  /** Forgets the Subject so the next session logs in again (after "ticket expired"). */
  synchronized void invalidate() {
    subject = null;
  }

  private Optional<String> loginProblem(Clock clock) {
    try {
      subject(clock);
      return Optional.empty();
    } catch (ProxyAuthException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Optional<String> cacheProblem(KerberosSource.TicketCache cache) {
    if (cache.unreadable().isPresent()) {
      return cache.unreadable();
    }
    var file = cache.file().orElseThrow();
    if (!Files.isRegularFile(file)) {
      return Optional.of("no Kerberos ticket in " + cache.name() + " (the file does not exist):"
          + " run kinit or configure a keytab");
    }
    try {
      return Files.size(file) == 0 ? Optional.of("no Kerberos ticket in " + cache.name()
          + " (the file is empty): run kinit or configure a keytab") : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.of("cannot read Kerberos ticket cache " + cache.name() + ": " + e);
    }
  }

  private static Optional<String> keytabProblem(KerberosSource.Keytab keytab) {
    if (!Files.isReadable(keytab.file())) {
      return Optional.of("keytab " + keytab.file() + " does not exist or is not readable: fix the"
          + " path or its permissions");
    }
    KerberosPrincipal principal = new KerberosPrincipal(keytab.principal());
    if (KeyTab.getInstance(principal, keytab.file().toFile()).getKeys(principal).length == 0) {
      return Optional.of("keytab " + keytab.file() + " holds no key for " + principal
          + ": export the principal's keys into it or fix the principal name (klist -k shows"
          + " what it holds)");
    }
    return Optional.empty();
  }

  private static boolean fresh(Instant end, Clock clock) {
    return clock.instant().plus(RENEW_BEFORE).isBefore(end);
  }

  /** Returns the end time of the TGT (server krbtgt/REALM) in {@code subject}. */
  static Optional<Instant> tgtEnd(Subject subject) {
    return subject.getPrivateCredentials(KerberosTicket.class).stream()
        .filter(t -> t.getServer().getName().startsWith("krbtgt/"))
        .map(t -> t.getEndTime().toInstant())
        .max(Instant::compareTo);
  }
}
