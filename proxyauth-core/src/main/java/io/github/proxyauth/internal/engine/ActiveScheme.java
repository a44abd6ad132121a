package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Optional;

/**
 * The scheme an exchange is using, its scope and credentials, the lockout's ticket for the
 * attempt, and its session.
 */
final class ActiveScheme {
  final AuthScheme scheme;
  final AuthScope scope;
  final Optional<Credentials> credentials;
  final Lockout.Ticket ticket;
  Challenge challenge;
  AuthSession session;

  ActiveScheme(AuthScheme scheme, Lockout.Ticket ticket, Challenge challenge,
      AuthSession session) {
    this.scheme = scheme;
    this.scope = ticket.scope();
    this.credentials = ticket.credentials();
    this.ticket = ticket;
    this.challenge = challenge;
    this.session = session;
  }

  String name() {
    return scheme.name();
  }
}
