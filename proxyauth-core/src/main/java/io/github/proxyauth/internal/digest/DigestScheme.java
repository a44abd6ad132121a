package io.github.proxyauth.internal.digest;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.List;

/**
 * RFC 7616 Digest. Stateless; the nonce count lives in the engine's {@link AuthContext} and the
 * rest in the per-exchange {@link DigestSession}.
 */
public final class DigestScheme implements AuthScheme {
  public static final DigestScheme INSTANCE = new DigestScheme();

  private DigestScheme() {}

  /** One nonce per connection: parallel reuse would make the counts arrive out of order. */
  @Override
  public boolean cachedChallengeExclusive() {
    return true;
  }

  @Override
  public String name() {
    return "digest";
  }

  @Override
  public int strength() {
    return DIGEST_STRENGTH;
  }

  /**
   * Picks the challenge with the strongest supported algorithm (SHA-512-256 over SHA-256 over
   * MD5, -sess equal to its base), the first on ties. When none is supported it returns the first,
   * and answering it fails naming the algorithm.
   */
  @Override
  public Challenge select(List<Challenge> offered) {
    Challenge best = offered.get(0);
    for (Challenge challenge : offered) {
      if (DigestChallenge.rank(challenge) > DigestChallenge.rank(best)) {
        best = challenge;
      }
    }
    return best;
  }

  @Override
  public AuthSession newSession(AuthContext context) throws ProxyAuthException {
    Credentials credentials = context.credentials()
        .orElseThrow(() -> new ProxyAuthException("Digest needs credentials for "
            + context.scope().proxy() + ": configure a user and password"));
    return new DigestSession(context, credentials);
  }

  @Override
  public String toString() {
    return "DigestScheme";
  }
}
