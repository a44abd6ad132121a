package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScheme;
import java.util.List;

/** The default scheme list, strongest first. */
final class DefaultSchemes {
  private DefaultSchemes() {}

  static List<AuthScheme> all() {
    return List.of(AuthScheme.negotiate(), AuthScheme.ntlm(), AuthScheme.digest(),
        AuthScheme.basic());
  }
}
