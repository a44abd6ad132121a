package io.github.proxyauth.it.squid;

import io.github.proxyauth.AuthListener;
import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.ProxyAuthenticator;
/**
 * The proxyauth engines the adapter tests use: every scheme enabled in the default order
 * (Negotiate, NTLM, Digest, Basic), with the password credentials of alice, and Kerberos either
 * from a password login or from a ticket cache that does not exist (no Kerberos credentials).
 */
final class Engines {
  private Engines() {}

  /** Returns an engine with alice's {@code password} and no Kerberos credentials. */
  static ProxyAuthenticator withoutKerberos(SquidLab lab, String password, AuthListener listener) {
    KerberosLogin none = KerberosLogin.ticketCache(lab.dir().resolve("krb/no-ticket-here.cc"));
    return build(AuthScheme.negotiate(none), password, listener);
  }

  /** Returns an engine that logs in to the KDC as alice with {@code kerberosPassword}. */
  static ProxyAuthenticator withKerberos(SquidLab lab, String kerberosPassword,
      AuthListener listener) {
    KerberosLogin login = KerberosLogin.password(lab.principal(), kerberosPassword.toCharArray());
    return build(AuthScheme.negotiate(login), kerberosPassword, listener);
  }

  /** Returns the engine a scheme test wants: Kerberos for Negotiate, passwords otherwise. */
  static ProxyAuthenticator forPort(SquidLab lab, SquidPort port, String password,
      AuthListener listener) {
    return port == SquidPort.NEGOTIATE ? withKerberos(lab, password, listener)
        : withoutKerberos(lab, password, listener);
  }

  private static ProxyAuthenticator build(AuthScheme negotiate, String password,
      AuthListener listener) {
    return ProxyAuthenticator.builder()
        .schemes(negotiate, AuthScheme.ntlm(), AuthScheme.digest(), AuthScheme.basic())
        .credentials(Credentials.of(SquidLab.USER, password.toCharArray()))
        .listener(listener)
        .build();
  }
}
