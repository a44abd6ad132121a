package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Optional;

/** The scheme an exchange is using, its scope and credentials, and its session. */
final class ActiveScheme {
  final AuthScheme scheme;
  final AuthScope scope;
  final Optional<Credentials> credentials;
  Challenge challenge;
  AuthSession session;

  ActiveScheme(AuthScheme scheme, AuthScope scope, Optional<Credentials> credentials,
      Challenge challenge, AuthSession session) {
    this.scheme = scheme;
    this.scope = scope;
    this.credentials = credentials;
    this.challenge = challenge;
    this.session = session;
  }

  String name() {
    return scheme.name();
  }
}
