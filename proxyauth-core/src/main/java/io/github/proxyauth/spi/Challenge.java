package io.github.proxyauth.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One challenge from a {@code Proxy-Authenticate} field (RFC 9110 §11.6.1, §11.7.1).
 *
 * <p>Scheme and parameter names compare case-insensitively; this record stores them lower-cased
 * with {@link Locale#ROOT}. Parameter values are stored unescaped (quoted-pairs resolved) and keep
 * their case. A challenge carries either a {@code token68} or parameters, never both; a challenge
 * with neither (for example {@code NTLM} or {@code Negotiate}) is legal.
 *
 * @param scheme the auth-scheme, lower-cased, for example {@code "digest"}
 * @param params the auth-params in header order, names lower-cased; empty when absent
 * @param token68 the token68 value, {@code =} padding included; empty when absent
 */
public record Challenge(String scheme, Map<String, String> params, Optional<String> token68) {

  /**
   * Returns the challenges of one {@code Proxy-Authenticate} field value, in header order,
   * repeats of a scheme included; an empty list when the value holds no challenge. The grammar,
   * the decisions where RFC 9110 leaves room, and the limits are in the package documentation.
   *
   * @throws MalformedChallengeException when the value breaks the grammar or a limit; its message
   *     says what was expected, what was found and at which index
   */
  public static List<Challenge> parse(String fieldValue) throws MalformedChallengeException {
    return ChallengeParser.parse(fieldValue);
  }

  /**
   * Returns the challenges of several field values, parsed one by one and concatenated in order.
   *
   * @throws MalformedChallengeException for the first malformed value; its index is relative to
   *     that value
   */
  public static List<Challenge> parseAll(List<String> fieldValues)
      throws MalformedChallengeException {
    return ChallengeParser.parseAll(fieldValues);
  }

  /**
   * Returns the auth-params of {@code Proxy-Authentication-Info} (or {@code Authentication-Info})
   * field values, RFC 9110 §11.6.3 and §11.7.3: names lower-cased, in header order, each name
   * once across all values; an empty map for no values.
   *
   * @throws MalformedChallengeException when a value is not a list of auth-params, repeats a
   *     name or breaks a limit; its message says what was expected, what was found and where
   */
  public static Map<String, String> parseInfo(List<String> fieldValues)
      throws MalformedChallengeException {
    return ChallengeParser.parseInfo(fieldValues);
  }

  public Challenge {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(token68, "token68");
    if (scheme.isEmpty()) {
      throw new IllegalArgumentException("scheme is empty");
    }
    if (token68.isPresent() && !params.isEmpty()) {
      throw new IllegalArgumentException("a challenge has a token68 or parameters, not both");
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = lowerCaseKeys(params);
  }

  /** Returns a challenge with no token68 and no parameters, such as {@code NTLM}. */
  public static Challenge of(String scheme) {
    return new Challenge(scheme, Map.of(), Optional.empty());
  }

  /** Returns a challenge with parameters, in the iteration order of {@code params}. */
  public static Challenge of(String scheme, Map<String, String> params) {
    return new Challenge(scheme, params, Optional.empty());
  }

  /** Returns a challenge carrying a token68, such as an NTLM Type 2 message. */
  public static Challenge ofToken68(String scheme, String token68) {
    return new Challenge(scheme, Map.of(), Optional.of(token68));
  }

  /** Returns the {@code realm} parameter, or empty when the challenge has none. */
  public Optional<String> realm() {
    return param("realm");
  }

  /** Returns the parameter called {@code name} (compared case-insensitively), or empty. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Returns the scheme and parameter names, without values: challenges may carry nonces. */
  @Override
  public String toString() {
    return "Challenge[" + scheme + (token68.isPresent() ? " <token68>" : "")
        + (params.isEmpty() ? "" : " " + params.keySet()) + "]";
  }

  private static Map<String, String> lowerCaseKeys(Map<String, String> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    if (params instanceof ParsedParams) {
      return params; // from ChallengeParser: already lower-cased, unique and unmodifiable
    }
    Map<String, String> copy = new LinkedHashMap<>(params.size() * 2);
    params.forEach((k, v) -> {
      String key = Objects.requireNonNull(k, "param name").toLowerCase(Locale.ROOT);
      if (copy.put(key, Objects.requireNonNull(v, "param value")) != null) {
        throw new IllegalArgumentException("duplicate parameter '" + key + "'");
      }
    });
    return java.util.Collections.unmodifiableMap(copy);
  }
}
