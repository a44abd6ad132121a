package io.github.proxyauth.okhttp;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
/** A scheme whose handshake never ends: every challenge continues it (tests the caps). */
final class LoopScheme implements AuthScheme {
  @Override
  public String name() {
    return "loop";
  }

  @Override
  public int strength() {
    return 10;
  }

  @Override
  public boolean usesPasswordCredentials() {
    return false;
  }

  @Override
  public AuthSession newSession(AuthContext context) {
    return new AuthSession() {
      @Override
      public String respond(Challenge challenge) {
        return "Loop leg";
      }

      @Override
      public boolean continues(Challenge challenge) {
        return true;
      }
    };
  }
}
