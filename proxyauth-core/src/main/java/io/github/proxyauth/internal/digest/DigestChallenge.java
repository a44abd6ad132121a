package io.github.proxyauth.internal.digest;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.Challenge;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The parts of a Digest challenge (RFC 7616 §3.3) that a response needs, validated.
 *
 * @param algorithmOffered the algorithm token as the proxy sent it; empty when absent (MD5)
 * @param qop the chosen qop: {@code auth} over {@code auth-int}; empty for RFC 2069 mode
 * @param charset UTF-8 when the proxy sent {@code charset=UTF-8}, else ISO-8859-1
 */
record DigestChallenge(String realm, String nonce, Optional<String> opaque,
    DigestAlgorithm algorithm, Optional<String> algorithmOffered, Optional<String> qop,
    boolean userhash, Charset charset) {

  /** Returns the validated challenge, or says what is missing or unsupported. */
  static DigestChallenge from(Challenge challenge, String proxy) throws ProxyAuthException {
    if (!challenge.scheme().equals("digest")) {
      throw new ProxyAuthException("Expected a Digest challenge from " + proxy + " but got "
          + challenge.scheme());
    }
    String realm = required(challenge, "realm", proxy);
    String nonce = required(challenge, "nonce", proxy);
    Optional<String> offered = challenge.param("algorithm");
    DigestAlgorithm algorithm = algorithm(offered, proxy);
    Optional<String> qop = qop(challenge, proxy);
    if (qop.isEmpty() && algorithm.session()) {
      throw new ProxyAuthException("Digest challenge from " + proxy + " uses algorithm "
          + algorithm.token() + " without qop; a -sess algorithm needs qop (RFC 7616 §3.4.2)");
    }
    return new DigestChallenge(realm, nonce, challenge.param("opaque"), algorithm, offered, qop,
        isTrue(challenge.param("userhash")), charset(challenge));
  }

  /** Returns the realm and algorithm only: nonces and opaque values stay out of logs. */
  @Override
  public String toString() {
    return "DigestChallenge[realm=" + realm + ", algorithm=" + algorithm.token() + "]";
  }

  /** Returns true for a challenge that says the nonce expired but the credentials were fine. */
  static boolean stale(Challenge challenge) {
    return challenge.scheme().equals("digest") && isTrue(challenge.param("stale"));
  }

  /** Returns the rank of the challenge's algorithm, 0 when unsupported (RFC 7616 §3.7 default). */
  static int rank(Challenge challenge) {
    return challenge.param("algorithm").map(a -> DigestAlgorithm.of(a).map(DigestAlgorithm::rank)
        .orElse(0)).orElse(DigestAlgorithm.MD5.rank());
  }

  private static DigestAlgorithm algorithm(Optional<String> offered, String proxy)
      throws ProxyAuthException {
    if (offered.isEmpty()) {
      return DigestAlgorithm.MD5;
    }
    Optional<DigestAlgorithm> algorithm = DigestAlgorithm.of(offered.get());
    if (algorithm.isEmpty()) {
      throw new ProxyAuthException("Digest challenge from " + proxy + " uses algorithm '"
          + offered.get() + "', which is not supported; supported: " + DigestAlgorithm.supported());
    }
    return algorithm.get();
  }

  /** RFC 7616 §3.3: qop is a quoted list; prefer auth (no body to hash) over auth-int. */
  private static Optional<String> qop(Challenge challenge, String proxy)
      throws ProxyAuthException {
    Optional<String> offered = challenge.param("qop");
    if (offered.isEmpty()) {
      return Optional.empty();
    }
    boolean authInt = false;
    for (String option : offered.get().split(",", -1)) {
      String trimmed = option.strip();
      if (trimmed.equalsIgnoreCase("auth")) {
        return Optional.of("auth");
      }
      authInt |= trimmed.equalsIgnoreCase("auth-int");
    }
    if (authInt) {
      return Optional.of("auth-int");
    }
    throw new ProxyAuthException("Digest challenge from " + proxy + " offers qop '"
        + offered.get() + "'; supported: auth, auth-int");
  }

  private static String required(Challenge challenge, String name, String proxy)
      throws ProxyAuthException {
    return challenge.param(name).orElseThrow(() -> new ProxyAuthException(
        "Digest challenge from " + proxy + " has no " + name + " parameter (RFC 7616 §3.3)"));
  }

  private static Charset charset(Challenge challenge) {
    return challenge.param("charset").filter(c -> c.equalsIgnoreCase("UTF-8")).isPresent()
        ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
  }

  private static boolean isTrue(Optional<String> flag) {
    return flag.filter(f -> f.equalsIgnoreCase("true")).isPresent();
  }
}
