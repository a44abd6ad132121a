package io.github.proxyauth.internal.digest;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One exchange's Digest answers; the nonce counts are shared through the context. */
final class DigestSession implements AuthSession {
  /** 33 bytes give a 44-character base64 cnonce without padding, as in RFC 7616 §3.9.1. */
  static final int CNONCE_BYTES = 33;

  private final AuthContext context;
  private final Credentials credentials;

  DigestSession(AuthContext context, Credentials credentials) {
    this.context = context;
    this.credentials = credentials;
  }

  /** Reuses the cached challenge's nonce with the next nonce count; empty without one. */
  @Override
  public Optional<String> preemptive() throws ProxyAuthException {
    Optional<Challenge> cached = context.cachedChallenge().filter(c -> c.scheme().equals("digest"));
    return cached.isEmpty() ? Optional.empty() : Optional.of(respond(cached.get()));
  }

  @Override
  public String respond(Challenge challenge) throws ProxyAuthException {
    DigestChallenge digest = DigestChallenge.from(challenge, context.scope().proxy());
    boolean withQop = digest.qop().isPresent();
    String cnonce = withQop
        ? Base64.getEncoder().encodeToString(context.randomBytes(CNONCE_BYTES)) : "";
    String nc = withQop ? nonceCount(context.nextNonceCount(digest.nonce())) : "";
    DigestInput in = new DigestInput(digest.algorithm(), digest.charset(), credentials.user(),
        digest.realm(), digest.nonce(), digest.qop(), cnonce, nc, context.request().method(),
        context.request().target());
    String username = digest.userhash()
        ? DigestCompute.userhash(digest.algorithm(), digest.charset(), in.user(), in.realm())
        : in.user();
    String response = DigestCompute.responseFromBase(in, Ha1Cache.baseHa1(credentials, in));
    return DigestHeader.format(digest, in, username, response);
  }

  /** Returns {@code count} as the eight lower-case hex digits of {@code nc}, without a Formatter. */
  static String nonceCount(int count) {
    String hex = Integer.toHexString(count);
    return "00000000".substring(hex.length()) + hex;
  }

  /**
   * RFC 7616 §3.5: a {@code nextnonce} replaces the nonce for the next request (Squid announces
   * one on the last use its {@code nonce_max_count} allows). The new nonce's count starts at 1.
   */
  @Override
  public Challenge nextChallenge(Challenge answered, Map<String, String> info) {
    String next = info.get("nextnonce");
    if (next == null || next.isEmpty() || !answered.scheme().equals("digest")
        || next.equals(answered.param("nonce").orElse(null))) {
      return answered;
    }
    Map<String, String> params = new LinkedHashMap<>(answered.params());
    params.put("nonce", next);
    params.remove("stale");
    return Challenge.of("digest", params);
  }

  /** RFC 7616 §3.3: {@code stale=true} means a new nonce, not rejected credentials. */
  @Override
  public boolean continues(Challenge challenge) {
    return DigestChallenge.stale(challenge);
  }

  @Override
  public String toString() {
    return "DigestSession[user=" + credentials.user() + "]";
  }
}
