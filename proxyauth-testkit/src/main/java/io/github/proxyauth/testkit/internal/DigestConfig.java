package io.github.proxyauth.testkit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the proxy runs Digest (RFC 7616): one challenge per algorithm in {@code algorithms} order;
 * {@code qops} empty means the RFC 2069 form without qop; nonces go stale after {@code
 * nonceLifetime} or {@code nonceMaxUses} accepted uses.
 */
public record DigestConfig(
    String realm,
    List<String> algorithms,
    List<String> qops,
    boolean userhash,
    Duration nonceLifetime,
    int nonceMaxUses) {

  private static final Set<String> QOPS = Set.of("auth", "auth-int");

  public DigestConfig {
    Objects.requireNonNull(realm, "realm");
    algorithms = algorithms.stream()
        .map(a -> DigestMath.canonical(a).orElseThrow(() -> new IllegalArgumentException(
            "Expected Digest algorithms among " + DigestMath.ALGORITHMS + ", got " + a)))
        .distinct()
        .collect(java.util.stream.Collectors.toUnmodifiableList());
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one Digest algorithm, got none");
    }
    qops = List.copyOf(qops);
    if (!QOPS.containsAll(qops)) {
      throw new IllegalArgumentException("Expected qop values among " + QOPS + ", got " + qops);
    }
    if (nonceLifetime.isNegative() || nonceLifetime.isZero() || nonceMaxUses < 1) {
      throw new IllegalArgumentException("Expected a positive nonce lifetime and max uses, got "
          + nonceLifetime + " and " + nonceMaxUses);
    }
  }

  /** Returns Squid's defaults: MD5, qop=auth, 30 minutes, 50 uses. */
  public static DigestConfig defaults(String realm) {
    return new DigestConfig(realm, List.of("MD5"), List.of("auth"), false,
        Duration.ofMinutes(30), 50);
  }
}
