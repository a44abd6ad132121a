package io.github.proxyauth.testkit.internal;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * Server-side Negotiate (RFC 4559): a JGSS acceptor that checks SPNEGO or raw Kerberos tokens
 * with the service key from a keytab. No JAAS file and no system properties: the keytab sits in a
 * private {@link Subject}. Thread-safe; a multi-leg context and the final (mutual
 * authentication) token of a connection live in {@link ServerConnection#attributes()}.
 */
public final class NegotiateServerScheme implements ServerScheme {
  static final String CONTEXT = "negotiate.context";
  static final String FINAL_TOKEN = "negotiate.finalToken";
  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");

  private final Subject service;
  private final String servicePrincipal;
  private final boolean connectionBound;

  /**
   * Creates an acceptor for {@code servicePrincipal} (with realm, for example
   * {@code HTTP/localhost@EXAMPLE.TEST}) whose keys are in {@code keytab}, keeping an
   * authenticated connection authenticated like Squid. The keytab is read on each check, so it
   * may be rewritten while the proxy runs.
   */
  public NegotiateServerScheme(Path keytab, String servicePrincipal) {
    this(keytab, servicePrincipal, true);
  }

  /**
   * Creates an acceptor like {@link #NegotiateServerScheme(Path, String)}; with
   * {@code connectionBound} false every request needs its own token.
   */
  public NegotiateServerScheme(Path keytab, String servicePrincipal, boolean connectionBound) {
    Objects.requireNonNull(keytab, "keytab");
    this.connectionBound = connectionBound;
    this.servicePrincipal = Objects.requireNonNull(servicePrincipal, "servicePrincipal");
    KerberosPrincipal principal = new KerberosPrincipal(servicePrincipal);
    this.service = new Subject(false, Set.of(principal), Set.of(),
        Set.of(KeyTab.getInstance(principal, keytab.toFile())));
  }

  @Override
  public boolean connectionBound() {
    return connectionBound;
  }

  @Override
  public String name() {
    return "negotiate";
  }

  @Override
  public String challenge(ServerConnection connection) {
    return "Negotiate";
  }

  @Override
  public Verdict verify(String credentials, ServerRequest request, ServerConnection connection) {
    connection.attributes().remove(FINAL_TOKEN);
    byte[] token;
    try {
      token = Base64.getDecoder().decode(credentials.trim());
    } catch (IllegalArgumentException e) {
      return new Verdict.Rejected("Negotiate credentials are not base64 ("
          + credentials.length() + " characters)");
    }
    try {
      return SubjectBridge.call(service, () -> accept(token, connection));
    } catch (GSSException e) {
      connection.attributes().remove(CONTEXT);
      return new Verdict.Rejected("Kerberos token refused by acceptor " + servicePrincipal + ": "
          + e.getMessage());
    } catch (Exception e) {
      connection.attributes().remove(CONTEXT);
      return new Verdict.Rejected("Negotiate check failed: " + e);
    }
  }

  /**
   * Returns the {@code Proxy-Authenticate} value ({@code Negotiate <base64>}) that completes the
   * handshake the last accepted token of {@code connection} began (the mutual-authentication
   * reply), and forgets it; empty when the acceptor produced none.
   */
  public Optional<String> finalToken(ServerConnection connection) {
    return Optional.ofNullable((String) connection.attributes().remove(FINAL_TOKEN));
  }

  private Verdict accept(byte[] token, ServerConnection connection) throws GSSException {
    GSSContext context = (GSSContext) connection.attributes().remove(CONTEXT);
    if (context == null) {
      GSSManager manager = GSSManager.getInstance();
      GSSCredential credential = manager.createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
          new Oid[] {SPNEGO, KERBEROS}, GSSCredential.ACCEPT_ONLY);
      context = manager.createContext(credential);
    }
    byte[] reply = context.acceptSecContext(token, 0, token.length);
    String header = reply == null || reply.length == 0 ? null
        : "Negotiate " + Base64.getEncoder().encodeToString(reply);
    if (!context.isEstablished()) {
      if (header == null) {
        context.dispose();
        return new Verdict.Rejected("Negotiate acceptor needs more but produced no token");
      }
      connection.attributes().put(CONTEXT, context);
      return new Verdict.Continue(header);
    }
    String client = context.getSrcName().toString();
    context.dispose();
    if (header != null) {
      connection.attributes().put(FINAL_TOKEN, header);
    }
    return new Verdict.Accepted(client);
  }

  private static Oid oid(String value) {
    try {
      return new Oid(value);
    } catch (GSSException e) {
      throw new IllegalStateException("Bad built-in OID " + value, e);
    }
  }
}
