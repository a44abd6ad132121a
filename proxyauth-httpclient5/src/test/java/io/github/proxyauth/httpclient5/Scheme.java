package io.github.proxyauth.httpclient5;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;

/**
 * The four schemes as the tests use them: how the TestProxy requires the scheme, how the engine is
 * configured, and how many legs the proxy sees on a first connection (anonymous request, then the
 * handshake) and on a later connection (preemptive from the auth cache).
 */
enum Scheme {
  BASIC("Basic", 2, 1) {
    @Override
    TestProxy.Builder require(TestProxy.Builder proxy) {
      return proxy.basic("corp");
    }
  },
  DIGEST("Digest", 2, 1) {
    @Override
    TestProxy.Builder require(TestProxy.Builder proxy) {
      return proxy.digest("corp");
    }
  },
  /** Connection-bound: a new connection costs Type 1 and Type 3 even with the cache. */
  NTLM("NTLM", 3, 2) {
    @Override
    TestProxy.Builder require(TestProxy.Builder proxy) {
      return proxy.ntlm("CORP");
    }
  },
  /** Kerberos against {@link Kerberos#current()}; the password is the principal's. */
  NEGOTIATE("Negotiate", 2, 1) {
    @Override
    TestProxy.Builder require(TestProxy.Builder proxy) {
      Kerberos kerberos = Kerberos.current();
      return proxy.negotiate(kerberos.serviceKeytab, kerberos.service);
    }
  };

  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pw";
  /** A wrong password that must never appear in any message, event or request seen by an origin. */
  static final String CANARY = "canary-Wr0ng-8841";

  final String token;
  final int firstLegs;
  final int laterLegs;

  Scheme(String token, int firstLegs, int laterLegs) {
    this.token = token;
    this.firstLegs = firstLegs;
    this.laterLegs = laterLegs;
  }

  abstract TestProxy.Builder require(TestProxy.Builder proxy);

  /** Returns a started proxy requiring this scheme for {@link #USER}. */
  TestProxy proxy() throws IOException {
    return require(TestProxy.builder().user(USER, PASSWORD)).build();
  }

  /** Returns an engine offering only this scheme, with {@code password}. */
  ProxyAuthenticator.Builder engine(String password) {
    String user = this == NTLM ? "CORP\\" + USER : USER;
    return ProxyAuthenticator.builder().schemes(scheme(password))
        .credentials(Credentials.of(user, password.toCharArray()));
  }

  AuthScheme scheme(String password) {
    switch (this) {
      case BASIC:
        return AuthScheme.basic();
      case DIGEST:
        return AuthScheme.digest();
      case NTLM:
        return AuthScheme.ntlm();
      default:
        return AuthScheme.negotiate(
            KerberosLogin.password(Kerberos.current().alice, password.toCharArray()));
    }
  }
}
