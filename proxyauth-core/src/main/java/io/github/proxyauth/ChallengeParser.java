package io.github.proxyauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Proxy-Authenticate} field values strictly, per RFC 9110 §11.6.1 and §11.7.1 with
 * the list, token and quoted-string rules of §5.6:
 *
 * <pre>
 * Proxy-Authenticate = #challenge
 * challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * </pre>
 *
 * <p>Decisions where the RFC leaves room:
 * <ul>
 *   <li>Empty list elements ({@code ", ,"}) and OWS around commas are skipped (§5.6.1). A value
 *       with no challenge at all (empty, blanks, only commas) yields an empty list: the grammar is
 *       {@code #challenge}, zero or more.
 *   <li>After a comma, {@code token BWS "="} continues the parameters of the preceding challenge;
 *       any other token starts a new challenge. So {@code Basic realm="a", Digest realm="b"} is two
 *       challenges and {@code Digest realm="b", nonce="x"} is one. A parameter after a token68
 *       challenge, or before any scheme, is an error.
 *   <li>After the auth-scheme, a run of characters from the token68 alphabet, optional {@code =}
 *       padding and then the end of the element is a token68; so {@code Basic realm=} is a
 *       token68 {@code "realm="}, exactly as the grammar reads it.
 *   <li>The separator between the scheme and its token68 or parameters must be SP (the grammar's
 *       {@code 1*SP}); HTAB is accepted only where the grammar has OWS or BWS.
 *   <li>Quoted-strings accept obs-text (%x80-FF, Latin-1 as decoded by HTTP clients); characters
 *       above U+00FF and all controls except HTAB (CR, LF, NUL, DEL, ...) are rejected anywhere.
 *   <li>Scheme and parameter names are lower-cased (by {@link Challenge}); values, the realm
 *       included, keep their case. A parameter name repeated in one challenge is rejected
 *       (§11.2), whatever its case.
 * </ul>
 *
 * <p>Limits, each reported with a {@link MalformedChallengeException} and never by truncation:
 * {@value #MAX_FIELD_LENGTH} characters per field value, {@value #MAX_PARAMS} parameters per
 * challenge and {@value #MAX_CHALLENGES} challenges per field value. Parsing takes time linear in
 * the length of the value and uses no recursion or regular expressions.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ChallengeParser {
  /** The longest field value accepted, in characters (64 KiB). */
  public static final int MAX_FIELD_LENGTH = 65_536;
  /** The most auth-params accepted in one challenge. */
  public static final int MAX_PARAMS = 64;
  /** The most challenges accepted in one field value. */
  public static final int MAX_CHALLENGES = 64;

  private ChallengeParser() {}

  /**
   * Returns the challenges of one {@code Proxy-Authenticate} field value, in header order,
   * repeats of a scheme included; an empty list when the value holds no challenge.
   *
   * @throws MalformedChallengeException when the value breaks the grammar or a limit; its message
   *     says what was expected, what was found and at which index
   */
  public static List<Challenge> parse(String fieldValue) throws MalformedChallengeException {
    Objects.requireNonNull(fieldValue, "fieldValue");
    ChallengeReader reader = new ChallengeReader(fieldValue);
    if (fieldValue.length() > MAX_FIELD_LENGTH) {
      throw reader.failAt("a field value of at most " + MAX_FIELD_LENGTH + " characters",
          MAX_FIELD_LENGTH, fieldValue.length() + " characters");
    }
    List<Challenge> challenges = new ArrayList<>();
    Builder current = null;
    reader.skipEmptyElements();
    while (!reader.atEnd()) {
      if (current != null && current.token68 == null && reader.paramAhead()) {
        current.param(reader);
      } else {
        if (current != null) {
          challenges.add(current.build());
        }
        current = startChallenge(reader, challenges.size());
      }
      endElement(reader);
    }
    if (current != null) {
      challenges.add(current.build());
    }
    return List.copyOf(challenges);
  }

  /**
   * Returns the challenges of several field values, parsed one by one and concatenated in order.
   *
   * @throws MalformedChallengeException for the first malformed value; its index is relative to
   *     that value
   */
  public static List<Challenge> parseAll(List<String> fieldValues)
      throws MalformedChallengeException {
    List<Challenge> all = new ArrayList<>();
    for (String value : fieldValues) {
      all.addAll(parse(value));
    }
    return List.copyOf(all);
  }

  private static Builder startChallenge(ChallengeReader reader, int count)
      throws MalformedChallengeException {
    if (reader.paramAhead()) {
      throw reader.fail("an auth-scheme (an auth-param must follow its scheme)");
    }
    if (count == MAX_CHALLENGES) {
      throw reader.failAt("at most " + MAX_CHALLENGES + " challenges per field value",
          reader.pos(), "challenge " + (MAX_CHALLENGES + 1));
    }
    reader.markChallenge();
    Builder challenge = new Builder(reader.token("an auth-scheme"));
    int afterScheme = reader.pos();
    reader.skipOws();
    if (reader.atEnd() || reader.at(',')) {
      return challenge;
    }
    checkSpaces(reader, afterScheme);
    if (reader.token68Ahead()) {
      challenge.token68 = reader.token68();
    } else {
      challenge.param(reader);
    }
    return challenge;
  }

  /** The grammar's {@code 1*SP} between the scheme and what follows it: SP only, at least one. */
  private static void checkSpaces(ChallengeReader reader, int afterScheme)
      throws MalformedChallengeException {
    int end = reader.pos();
    if (end == afterScheme) {
      throw reader.fail("SP, ',' or end of input after the auth-scheme");
    }
    for (int i = afterScheme; i < end; i++) {
      if (reader.charAt(i) == '\t') {
        throw reader.failAt("SP between the auth-scheme and its parameters", i, "HTAB (U+0009)");
      }
    }
  }

  private static void endElement(ChallengeReader reader) throws MalformedChallengeException {
    reader.skipOws();
    if (!reader.atEnd()) {
      reader.expect(',', "',' or end of input after a complete element");
      reader.skipEmptyElements();
    }
  }

  /** Collects one challenge; checks duplicates and the parameter limit as names arrive. */
  private static final class Builder {
    private final String scheme;
    private final LinkedHashMap<String, String> params = new LinkedHashMap<>(8);
    private @Nullable String token68;

    Builder(String scheme) {
      this.scheme = scheme;
    }

    void param(ChallengeReader reader) throws MalformedChallengeException {
      int nameIndex = reader.pos();
      String name = reader.token("an auth-param name").toLowerCase(Locale.ROOT);
      if (params.containsKey(name)) {
        throw reader.failAt("each parameter name once per challenge (RFC 9110 §11.2)", nameIndex,
            "a second '" + clip(name) + "'");
      }
      if (params.size() == MAX_PARAMS) {
        throw reader.failAt("at most " + MAX_PARAMS + " parameters per challenge", nameIndex,
            "parameter " + (MAX_PARAMS + 1));
      }
      reader.skipOws();
      if (!reader.at('=')) { // messages are built only on failure: this is the hot path
        throw reader.fail("'=' after the auth-param name '" + clip(name) + "'");
      }
      reader.skip(1);
      reader.skipOws();
      params.put(name, reader.at('"') ? reader.quotedString() : tokenValue(reader, name));
    }

    private static String tokenValue(ChallengeReader reader, String name)
        throws MalformedChallengeException {
      String value = reader.optionalToken();
      if (value.isEmpty()) {
        throw reader.fail("a token or quoted-string value for '" + clip(name) + "' (a token)");
      }
      return value;
    }

    /** Keeps hostile 64 KiB names out of messages, events and logs. */
    private static String clip(String name) {
      return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

    Challenge build() {
      return new Challenge(scheme, params.isEmpty() ? Map.of() : new ParsedParams(params),
          Optional.ofNullable(token68));
    }
  }
}
