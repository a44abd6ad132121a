package io.github.proxyauth;

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
