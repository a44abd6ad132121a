package io.github.proxyauth.httpclient5.internal;

import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * An HttpClient {@link AuthScheme} whose every answer comes from the proxyauth engine through the
 * execution's {@link Handshake}. It holds no credentials and no handshake state of its own, so
 * HttpClient may drop and recreate it (it does on a scheme change) without losing a handshake.
 * HttpClient's {@link CredentialsProvider} is never consulted. Connection-based exactly while the
 * engine's scheme is (NTLM); no principal, so HttpClient does not tie the pooled connection to a
 * user token: every request of the client uses the same proxy credentials.
 */
final class EngineAuthScheme implements AuthScheme {
  private static final Map<String, String> NAMES = Map.of("basic", "Basic", "digest", "Digest",
      "ntlm", "NTLM", "negotiate", "Negotiate");

  private final @Nullable String name;
  private final Handshake handshake;

  EngineAuthScheme(@Nullable String name, Handshake handshake) {
    this.name = name;
    this.handshake = handshake;
  }

  /** Returns HttpClient's spelling of the engine's scheme name. */
  static String displayName(String scheme) {
    return NAMES.getOrDefault(scheme.toLowerCase(Locale.ROOT), scheme);
  }

  @Override
  public String getName() {
    return name != null ? name : handshake.scheme().map(EngineAuthScheme::displayName)
        .orElse("proxyauth");
  }

  @Override
  public boolean isConnectionBased() {
    return handshake.connectionBound();
  }

  @Override
  public void processChallenge(@Nullable AuthChallenge authChallenge, HttpContext context) {
    handshake.onChallenge(context); // the engine reads every raw challenge, not HttpClient's pick
  }

  @Override
  public boolean isChallengeComplete() {
    return !handshake.hasAnswer(); // nothing to send: the engine gave up, HttpClient stops
  }

  @Override
  public @Nullable String getRealm() {
    return null;
  }

  @Override
  public boolean isResponseReady(HttpHost host, @Nullable CredentialsProvider credentialsProvider,
      HttpContext context) {
    return handshake.hasAnswer();
  }

  @Override
  public @Nullable Principal getPrincipal() {
    return null;
  }

  @Override
  public String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext context)
      throws AuthenticationException {
    return handshake.answer(request);
  }

  @Override
  public String toString() {
    return "proxyauth " + getName();
  }
}
