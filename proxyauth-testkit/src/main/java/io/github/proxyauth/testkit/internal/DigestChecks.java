package io.github.proxyauth.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The structural checks of a Digest credentials value (RFC 7616 §3.4), before any hashing. */
final class DigestChecks {
  private static final List<String> REQUIRED = List.of("realm", "nonce", "uri", "response");

  private DigestChecks() {}

  /** Returns what is wrong with the parameters, or empty if they are well formed. */
  static Optional<String> problem(
      Map<String, String> p, DigestConfig config, String opaque, String target) {
    for (String name : REQUIRED) {
      if (!p.containsKey(name)) {
        return Optional.of("Digest credentials lack " + name);
      }
    }
    if (p.containsKey("username") == p.containsKey("username*")) {
      return Optional.of("Digest credentials need exactly one of username and username*");
    }
    if (!p.get("realm").equals(config.realm())) {
      return Optional.of("Digest realm is '" + p.get("realm") + "', expected '"
          + config.realm() + "'");
    }
    Optional<String> algorithm = DigestMath.canonical(p.getOrDefault("algorithm", "MD5"));
    if (algorithm.isEmpty() || !config.algorithms().contains(algorithm.get())) {
      return Optional.of("Digest algorithm " + p.getOrDefault("algorithm", "MD5")
          + " was not offered; offered " + config.algorithms());
    }
    if (p.containsKey("opaque") && !p.get("opaque").equals(opaque)) {
      return Optional.of("Digest opaque differs from the one the proxy sent");
    }
    if (!DigestServerScheme.uriMatches(p.get("uri"), target)) {
      return Optional.of("Digest uri '" + p.get("uri") + "' is not the request-target '"
          + target + "'");
    }
    return qopProblem(p, config);
  }

  private static Optional<String> qopProblem(Map<String, String> p, DigestConfig config) {
    String qop = p.getOrDefault("qop", "").toLowerCase(Locale.ROOT);
    if (config.qops().isEmpty() != qop.isEmpty()
        || (!qop.isEmpty() && !config.qops().contains(qop))) {
      return Optional.of("Digest qop '" + qop + "' was not offered; offered " + config.qops());
    }
    if (!qop.isEmpty() && (!isHex8(p.getOrDefault("nc", ""))
        || !p.containsKey("cnonce"))) {
      return Optional.of("Digest with qop needs nc (8 hex digits) and cnonce");
    }
    return Optional.empty();
  }

  private static boolean isHex8(String nc) {
    if (nc.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      char c = nc.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /** Returns the real user name: plain, RFC 8187 {@code username*}, or hashed (userhash). */
  static Optional<String> user(
      Map<String, String> p, String algorithm, String realm, UserStore users) {
    if (p.containsKey("username*")) {
      return extValue(p.get("username*"));
    }
    String name = p.get("username");
    if (!"true".equalsIgnoreCase(p.get("userhash"))) {
      return Optional.of(name);
    }
    return users.snapshot().keySet().stream()
        .filter(u -> DigestMath.userhash(algorithm, u, realm).equalsIgnoreCase(name))
        .findFirst();
  }

  private static Optional<String> extValue(String value) {
    String[] parts = value.split("'", 3);
    if (parts.length != 3 || !parts[0].equalsIgnoreCase("UTF-8")) {
      return Optional.empty();
    }
    try {
      return Optional.of(URLDecoder.decode(parts[2].replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
