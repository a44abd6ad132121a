package io.github.proxyauth.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The strict challenge grammar described in the package documentation. */
final class ChallengeParser {
  /** The longest field value accepted, in characters (64 KiB). */
  static final int MAX_FIELD_LENGTH = 65_536;
  /** The most auth-params accepted in one challenge. */
  static final int MAX_PARAMS = 64;
  /** The most challenges accepted in one field value. */
  static final int MAX_CHALLENGES = 64;

  private ChallengeParser() {}

  /**
   * Returns the challenges of one {@code Proxy-Authenticate} field value, in header order,
   * repeats of a scheme included; an empty list when the value holds no challenge.
   *
   * @throws MalformedChallengeException when the value breaks the grammar or a limit; its message
   *     says what was expected, what was found and at which index
   */
  static List<Challenge> parse(String fieldValue) throws MalformedChallengeException {
    Objects.requireNonNull(fieldValue, "fieldValue");
    checkLength(fieldValue);
    ChallengeReader reader = new ChallengeReader(fieldValue);
    List<Challenge> challenges = new ArrayList<>();
    Builder current = null;
    reader.skipEmptyElements();
    while (!reader.atEnd()) {
      if (current != null && current.token68 == null && reader.paramAhead()) {
        if (current.params.isEmpty()) {
          // RFC 9110 §11.2: the first auth-param follows the scheme after 1*SP, not after ','.
          throw reader.fail("an auth-scheme (a ',' right after '" + Builder.clip(current.scheme)
              + "' ends that challenge; its parameters follow a space)");
        }
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
  static List<Challenge> parseAll(List<String> fieldValues)
      throws MalformedChallengeException {
    List<Challenge> all = new ArrayList<>();
    for (String value : fieldValues) {
      all.addAll(parse(value));
    }
    return List.copyOf(all);
  }

  /**
   * Returns the auth-params of {@code Authentication-Info} or {@code Proxy-Authentication-Info}
   * field values (RFC 9110 §11.6.3: {@code #auth-param}, no scheme), names lower-cased, each name
   * once across all values, at most {@link #MAX_PARAMS}.
   *
   * @throws MalformedChallengeException for the first value that breaks the grammar or a limit;
   *     its index is relative to that value
   */
  static Map<String, String> parseInfo(List<String> fieldValues)
      throws MalformedChallengeException {
    Builder info = new Builder("authentication-info");
    for (String value : fieldValues) {
      checkLength(Objects.requireNonNull(value, "fieldValue"));
      ChallengeReader reader = new ChallengeReader(value, "field value");
      reader.skipEmptyElements();
      while (!reader.atEnd()) {
        info.param(reader);
        endElement(reader);
      }
    }
    return info.params.isEmpty() ? Map.of() : new ParsedParams(info.params);
  }

  /** The length limit, checked before parsing; no excerpt: what is this long is a token. */
  private static void checkLength(String fieldValue) throws MalformedChallengeException {
    if (fieldValue.length() > MAX_FIELD_LENGTH) {
      throw new MalformedChallengeException("Expected a field value of at most "
          + MAX_FIELD_LENGTH + " characters but found " + fieldValue.length() + " characters,"
          + " over the limit at index " + MAX_FIELD_LENGTH + " (not quoted)", MAX_FIELD_LENGTH);
    }
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
