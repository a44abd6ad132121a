package io.github.proxyauth.internal.negotiate;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.NegotiateOptions;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;

/**
 * Negotiate (RFC 4559) with SPNEGO or raw Kerberos through the JDK's GSS-API. It uses Kerberos
 * credentials of its own (ticket cache, keytab or password), never the credential provider's
 * passwords. Thread-safe: the logged-in Subject is shared and renewed; each exchange gets a
 * {@link NegotiateSession} with its own GSS context.
 */
public final class NegotiateScheme implements AuthScheme {
  private final KerberosCredentials credentials;
  private final NegotiateOptions options;

  private NegotiateScheme(KerberosSource source, NegotiateOptions options) {
    this.credentials = new KerberosCredentials(source);
    this.options = options;
  }

  /** Returns Negotiate logging in from {@code source}, configured by {@code options}. */
  public static NegotiateScheme create(KerberosSource source, NegotiateOptions options) {
    return new NegotiateScheme(Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(options, "options"));
  }

  @Override
  public String name() {
    return "negotiate";
  }

  @Override
  public int strength() {
    return NEGOTIATE_STRENGTH;
  }

  /** Connection-bound where the proxy keeps the connection authenticated, as Squid does. */
  @Override
  public boolean connectionBound() {
    return true;
  }

  /** A proxy that challenges an authenticated connection gets a token with every request. */
  @Override
  public boolean perRequestFallback() {
    return true;
  }

  @Override
  public boolean usesPasswordCredentials() {
    return false;
  }

  @Override
  public Optional<String> unavailableReason(AuthContext context) {
    return credentials.unavailableReason(context.clock());
  }

  @Override
  public AuthSession newSession(AuthContext context) throws ProxyAuthException {
    Subject subject = credentials.subject(context.clock());
    ServicePrincipal spn = ServicePrincipal.of(context.request().proxyHost(),
        options.servicePrincipal(), options.canonicalizeHost());
    return new NegotiateSession(subject, spn, options, context.scope().proxy(), credentials);
  }

  @Override
  public String toString() {
    return "NegotiateScheme[" + credentials.source().describe() + ", " + options + "]";
  }
}
