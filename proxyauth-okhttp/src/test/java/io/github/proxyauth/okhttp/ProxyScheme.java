package io.github.proxyauth.okhttp;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;

/**
 * The four schemes as the tests use them: how the TestProxy requires the scheme, how the engine is
 * configured, and how many legs the proxy sees on a first connection (anonymous request, then the
 * handshake) and on a later connection (preemptive from the auth cache).
 */
enum ProxyScheme {
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
  };

  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pw";
  /** A wrong password that must never appear in any message, event or request seen by an origin. */
  static final String CANARY = "canary-Wr0ng-8841";

  final String token;
  final int firstLegs;
  final int laterLegs;

  ProxyScheme(String token, int firstLegs, int laterLegs) {
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
    return ProxyAuthenticator.builder().schemes(scheme())
        .credentials(Credentials.of(USER, password.toCharArray()));
  }

  AuthScheme scheme() {
    switch (this) {
      case BASIC:
        return AuthScheme.basic();
      default:
        return AuthScheme.digest();
    }
  }
}
