package io.github.proxyauth.internal.negotiate;

import io.github.proxyauth.NegotiateOptions;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Base64;
import java.util.Optional;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.jspecify.annotations.Nullable;

/**
 * One Negotiate exchange: a fresh GSS context per first token, continuation tokens fed to it,
 * and the proxy's final token (if any) verified. Kerberos needs one round trip; success is the
 * absence of another 407. Credentials are never delegated. Not thread-safe.
 */
final class NegotiateSession implements AuthSession {
  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");
  /** Thread-safe, and the same for every context: GSSManager.getInstance() builds a new one. */
  private static final GSSManager MANAGER = GSSManager.getInstance();

  private final Subject subject;
  private final ServicePrincipal spn;
  private final NegotiateOptions options;
  private final String proxy;
  private final KerberosCredentials credentials;
  private @Nullable GSSContext context;

  NegotiateSession(Subject subject, ServicePrincipal spn, NegotiateOptions options, String proxy,
      KerberosCredentials credentials) {
    this.subject = subject;
    this.spn = spn;
    this.options = options;
    this.proxy = proxy;
    this.credentials = credentials;
  }

  @Override
  public Optional<String> preemptive() throws ProxyAuthException {
    return Optional.of(respond(Challenge.of("negotiate")));
  }

  @Override
  public String respond(Challenge challenge) throws ProxyAuthException {
    Optional<String> token = challenge.token68();
    GSSContext current = context;
    byte[] out;
    if (token.isEmpty() || current == null) {
      dispose();
      out = firstToken(token.isPresent() ? decode(token.get()) : new byte[0]);
    } else {
      out = step(current, decode(token.get()));
    }
    if (out == null || out.length == 0) {
      throw new ProxyAuthException("Proxy " + proxy + " answered 407 to a complete Negotiate"
          + " handshake for " + spn.display() + ": it refused the Kerberos ticket (check that the"
          + " proxy's keytab holds " + spn.display() + " with the current key version)");
    }
    return "Negotiate " + Base64.getEncoder().encodeToString(out);
  }

  @Override
  public boolean continues(Challenge challenge) {
    GSSContext current = context;
    return current != null && !current.isEstablished() && challenge.token68().isPresent();
  }

  @Override
  public void verify(Optional<Challenge> finalChallenge) throws ProxyAuthException {
    GSSContext current = context;
    Optional<String> token = finalChallenge.flatMap(Challenge::token68);
    try {
      if (current != null && token.isPresent()) {
        step(current, decode(token.get()));
        if (!current.isEstablished() || options.requireMutualAuth() && !current.getMutualAuthState()) {
          throw new ProxyAuthException("The final Negotiate token of proxy " + proxy
              + " did not complete mutual authentication for " + spn.display());
        }
      } else if (options.requireMutualAuth()) {
        throw new ProxyAuthException("Proxy " + proxy + " sent no final Negotiate token, so it"
            + " did not prove it is " + spn.display() + " (mutual authentication is required;"
            + " Squid never sends one: turn off requireMutualAuth for such proxies)");
      }
    } finally {
      dispose();
    }
  }

  /**
   * Creates the context and builds its first token in one call as the Subject: entering the
   * Subject costs more than the rest on JDK 17, and the JDK's GSSManager is shared.
   */
  private byte @Nullable [] firstToken(byte[] input) throws ProxyAuthException {
    Oid mechanism = options.mechanism() == NegotiateOptions.Mechanism.KERBEROS ? KERBEROS : SPNEGO;
    return asSubject(() -> {
      GSSContext created = MANAGER.createContext(spn.gssName(MANAGER), mechanism, null,
          GSSContext.DEFAULT_LIFETIME);
      created.requestCredDeleg(false); // never hand the TGT to a proxy
      created.requestMutualAuth(true); // verified when the proxy sends its final token
      context = created;
      return created.initSecContext(input, 0, input.length);
    });
  }

  private byte @Nullable [] step(GSSContext current, byte[] input) throws ProxyAuthException {
    return asSubject(() -> current.initSecContext(input, 0, input.length));
  }

  private byte @Nullable [] asSubject(SubjectCall.GssWork<byte[]> work) throws ProxyAuthException {
    try {
      return SubjectCall.call(subject, work);
    } catch (GSSException e) {
      if (e.getMessage().contains("(32)")) {
        credentials.invalidate(); // ticket expired: the next session logs in again
      }
      dispose();
      throw KerberosErrors.tokenFailed(proxy, spn.display(), e, spn.ipLiteral());
    }
  }

  private byte[] decode(String token68) throws ProxyAuthException {
    try {
      return Base64.getDecoder().decode(token68);
    } catch (IllegalArgumentException e) {
      dispose();
      throw new ProxyAuthException("Negotiate token from proxy " + proxy + " is not valid base64 ("
          + e.getMessage() + ")");
    }
  }

  private void dispose() {
    GSSContext current = context;
    context = null;
    if (current != null) {
      try {
        current.dispose();
      } catch (GSSException e) {
        // nothing to release that matters: the context held no OS resources
      }
    }
  }

  @Override
  public String toString() {
    return "NegotiateSession[" + spn.display() + ", proxy=" + proxy + "]";
  }

  private static Oid oid(String value) {
    try {
      return new Oid(value);
    } catch (GSSException e) {
      throw new IllegalStateException("bad built-in OID " + value, e);
    }
  }
}
