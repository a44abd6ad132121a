package io.github.proxyauth.internal.negotiate;

import io.github.proxyauth.ProxyAuthException;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSException;

/** Turns JAAS and GSS-API failures into messages that say what to fix. Never names a secret. */
final class KerberosErrors {
  private KerberosErrors() {}

  static String renewHint(KerberosSource source) {
    return source instanceof KerberosSource.TicketCache ? "run kinit (klist shows the expiry)"
        : "check that the KDC issues tickets for " + source.knownPrincipal().orElse("the principal");
  }

  static ProxyAuthException loginFailed(KerberosSource source, LoginException e) {
    String what = String.valueOf(e.getMessage());
    String fix;
    if (what.contains("(24)") || what.contains("(31)")) {
      fix = "the KDC rejected the password: check the password of "
          + source.knownPrincipal().orElse("the principal");
    } else if (what.contains("(6)")) {
      fix = "the KDC does not know " + source.knownPrincipal().orElse("the principal")
          + ": check the name and realm";
    } else if (what.contains("default realm") || what.contains("Cannot locate KDC")) {
      fix = "no usable Kerberos configuration: set -Djava.security.krb5.conf=<krb5.conf> (the JDK"
          + " ignores KRB5_CONFIG) with a default_realm and the realm's kdc";
    } else if (source instanceof KerberosSource.TicketCache) {
      fix = "no valid ticket-granting ticket in " + ((KerberosSource.TicketCache) source).name()
          + " (none, or expired): run kinit or configure a keytab";
    } else {
      fix = "check the principal, the KDC in krb5.conf (java.security.krb5.conf) and the clock";
    }
    return new ProxyAuthException("Kerberos login from " + source.describe() + " failed (" + what
        + "): " + fix, e);
  }

  static ProxyAuthException tokenFailed(String proxy, String spn, GSSException e,
      boolean ipLiteral) {
    String what = e.getMessage();
    String fix;
    if (what.contains("(7)")) {
      fix = "the KDC knows no service principal " + spn + (ipLiteral ? "; the proxy is given as"
          + " an IP address, which a KDC rarely knows: configure the proxy by host name, set"
          + " NegotiateOptions.servicePrincipal, or enable canonicalizeHost"
          : ": ask for that principal, or set NegotiateOptions.servicePrincipal to the proxy's"
          + " real one");
    } else if (what.contains("(37)")) {
      fix = "the clocks of this machine and the KDC differ too much: synchronise the clock";
    } else if (what.contains("(32)") || what.contains("expired")) {
      fix = "the Kerberos ticket expired: run kinit (or the next attempt logs in again)";
    } else if (e.getMajor() == GSSException.NO_CRED) {
      fix = "no Kerberos credentials are available: run kinit or configure a keytab";
    } else {
      fix = "check krb5.conf (java.security.krb5.conf), the service principal and the clock";
    }
    return new ProxyAuthException("Negotiate with proxy " + proxy + " for " + spn + " failed ("
        + what + "): " + fix, e);
  }
}
