package io.github.proxyauth.httpclient5.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.AuthenticationStrategy;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient's proxy authentication strategy, handing the choice to the engine: the engine reads
 * the 407's raw {@code Proxy-Authenticate} fields (every challenge, in order, not HttpClient's one
 * per scheme), picks the scheme, and this returns that one scheme from the registry, or none when
 * the engine gave up or the 407 is not the proxy's. {@code RequestConfig}'s preferred proxy
 * schemes are not used: the engine's order is. Stateless, thread-safe.
 */
final class ProxyAuthStrategy implements AuthenticationStrategy {
  private final Lookup<AuthSchemeFactory> schemes;

  ProxyAuthStrategy(Lookup<AuthSchemeFactory> schemes) {
    this.schemes = schemes;
  }

  @Override
  public List<AuthScheme> select(ChallengeType challengeType,
      Map<String, AuthChallenge> challenges, HttpContext context) {
    Optional<Handshake> handshake = Handshake.find(context);
    if (challengeType != ChallengeType.PROXY || handshake.isEmpty()) {
      return List.of();
    }
    Optional<String> chosen = handshake.get().onChallenge(context);
    if (chosen.isEmpty()) {
      return List.of();
    }
    String name = EngineAuthScheme.displayName(chosen.get());
    AuthSchemeFactory factory = schemes.lookup(name);
    return List.of(factory != null ? factory.create(context)
        : new EngineAuthScheme(name, handshake.get()));
  }
}
