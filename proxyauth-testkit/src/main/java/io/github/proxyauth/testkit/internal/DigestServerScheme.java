package io.github.proxyauth.testkit.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Digest on the proxy side (RFC 7616), announcing one algorithm. All instances made by {@link
 * #forEachAlgorithm} share one nonce store and accept an answer for any configured algorithm.
 * Thread-safe.
 */
public final class DigestServerScheme implements ServerScheme {
  private static final byte[] NO_BODY = new byte[0];
  private static final int MAX_CACHED_HA1 = 256;

  private final UserStore users;
  private final DigestConfig config;
  private final String algorithm;
  private final NonceStore nonces;
  private final String opaque;
  private final java.util.concurrent.ConcurrentMap<List<String>, String> ha1s =
      new java.util.concurrent.ConcurrentHashMap<>();

  DigestServerScheme(
      UserStore users, DigestConfig config, String algorithm, NonceStore nonces, String opaque) {
    this.users = users;
    this.config = config;
    this.algorithm = algorithm;
    this.nonces = nonces;
    this.opaque = opaque;
  }

  /** Returns one scheme per configured algorithm, in order, with random nonces. */
  public static List<ServerScheme> forEachAlgorithm(UserStore users, DigestConfig config) {
    SecureRandom random = new SecureRandom();
    Supplier<String> tokens = () -> {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    };
    return forEachAlgorithm(users, config, Clock.systemUTC(), tokens, tokens.get());
  }

  /** Returns one scheme per configured algorithm with the given clock, nonces and opaque. */
  static List<ServerScheme> forEachAlgorithm(
      UserStore users, DigestConfig config, Clock clock, Supplier<String> nonces, String opaque) {
    NonceStore store =
        new NonceStore(clock, nonces, config.nonceLifetime(), config.nonceMaxUses());
    List<ServerScheme> schemes = new ArrayList<>();
    for (String algorithm : config.algorithms()) {
      schemes.add(new DigestServerScheme(users, config, algorithm, store, opaque));
    }
    return schemes;
  }

  @Override
  public String name() {
    return "digest";
  }

  @Override
  public String challenge(ServerConnection connection) {
    return challenge(algorithm, false);
  }

  private String challenge(String algorithm, boolean stale) {
    StringBuilder out = new StringBuilder("Digest realm=").append(AuthParams.quote(config.realm()));
    if (!config.qops().isEmpty()) {
      out.append(", qop=").append(AuthParams.quote(String.join(", ", config.qops())));
    }
    out.append(", algorithm=").append(algorithm)
        .append(", nonce=").append(AuthParams.quote(nonces.issue()))
        .append(", opaque=").append(AuthParams.quote(opaque))
        .append(", charset=UTF-8");
    if (config.userhash()) {
      out.append(", userhash=true");
    }
    return stale ? out.append(", stale=true").toString() : out.toString();
  }

  @Override
  public boolean needsBody(String credentials) {
    try {
      return "auth-int".equalsIgnoreCase(AuthParams.parse(credentials).get("qop"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Verdict verify(String credentials, ServerRequest request, ServerConnection connection) {
    return verify(credentials, request, NO_BODY, connection);
  }

  @Override
  public Verdict verify(
      String credentials, ServerRequest request, byte[] body, ServerConnection connection) {
    Map<String, String> p;
    try {
      p = AuthParams.parse(credentials);
    } catch (IllegalArgumentException e) {
      return new Verdict.Rejected("Digest credentials are malformed: " + e.getMessage());
    }
    Optional<String> problem = DigestChecks.problem(p, config, opaque, request.target());
    if (problem.isPresent()) {
      return new Verdict.Rejected(problem.get());
    }
    String used = DigestMath.canonical(p.getOrDefault("algorithm", "MD5")).orElseThrow();
    Optional<String> user = DigestChecks.user(p, used, config.realm(), users);
    if (user.isEmpty()) {
      return new Verdict.Rejected("Digest user is unknown");
    }
    Optional<String> password = users.password(user.get());
    if (password.isEmpty() || !responseMatches(p, used, user.get(), password.get(), request, body)) {
      return new Verdict.Rejected("Digest response is wrong for user " + user.get());
    }
    return nonceVerdict(p, used, user.get());
  }

  private boolean responseMatches(Map<String, String> p, String used, String user,
      String password, ServerRequest request, byte[] body) {
    String qop = p.getOrDefault("qop", "").toLowerCase(Locale.ROOT);
    String expected = DigestMath.response(new DigestMath.Input(used, user, config.realm(),
        password, p.get("nonce"), p.getOrDefault("nc", ""), p.getOrDefault("cnonce", ""), qop,
        request.method(), p.get("uri"),
        qop.equals("auth-int") ? DigestMath.hash(used, body) : ""), baseHa1(used, user, password));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        p.get("response").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private Verdict nonceVerdict(Map<String, String> p, String used, String user) {
    long nc = p.containsKey("qop") ? Long.parseLong(p.get("nc"), 16) : -1;
    switch (nonces.use(p.get("nonce"), nc)) {
      case OK:
        return new Verdict.Accepted(user);
      case LAST:
        // Squid's addAuthenticationInfoHeader: on a nonce's last use, the next one comes along.
        return new Verdict.Accepted(user,
            Optional.of("nextnonce=" + AuthParams.quote(nonces.issue())));
      case STALE:
        return new Verdict.Continue(challenge(used, true));
      case REPLAY:
        return new Verdict.Rejected("Digest nc " + p.get("nc") + " is not above the last one");
      default:
        return new Verdict.Rejected("Digest nonce was not issued by this proxy");
    }
  }

  /** Returns H(user:realm:password), cached per algorithm, user and password (a change misses). */
  private String baseHa1(String algorithm, String user, String password) {
    if (ha1s.size() > MAX_CACHED_HA1) {
      ha1s.clear();
    }
    return ha1s.computeIfAbsent(List.of(algorithm, user, password),
        k -> DigestMath.baseHa1(algorithm, user, config.realm(), password));
  }

  /** Returns whether a digest-uri names the request-target, the way Squid compares them. */
  static boolean uriMatches(String uri, String target) {
    if (uri.equals(target)) {
      return true;
    }
    try {
      URI absolute = new URI(target);
      if (absolute.getHost() == null || !"http".equalsIgnoreCase(absolute.getScheme())) {
        return false; // authority-form (CONNECT) and origin-form targets must match exactly
      }
      // curl sends the origin-form (path and query) even through a proxy; Squid accepts it.
      String path = absolute.getRawPath() == null || absolute.getRawPath().isEmpty()
          ? "/" : absolute.getRawPath();
      String query = absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery();
      return uri.equals(path + query);
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
