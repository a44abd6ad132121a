package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class ChallengeParserPropertiesTest {
  private static final String TCHAR = "!#$%&'*+-.^_`|~abcXYZ019";

  @Property(tries = 1000)
  void arbitraryStringsYieldChallengesOrMalformedChallengeException(
      @ForAll @StringLength(max = 300) String value) {
    parsesOrFailsCleanly(value);
  }

  @Property(tries = 1000)
  void stringsFromTheGrammarAlphabetYieldChallengesOrMalformedChallengeException(
      @ForAll("grammarSoup") String value) {
    parsesOrFailsCleanly(value);
  }

  @Property(tries = 1000)
  void formattedChallengesParseBackToThemselves(@ForAll("challengeLists") List<Challenge> list)
      throws Exception {
    StringBuilder value = new StringBuilder();
    for (Challenge challenge : list) {
      value.append(value.length() == 0 ? "" : " ,\t").append(format(challenge));
    }

    assertThat(ChallengeParser.parse(value.toString())).isEqualTo(list);
  }

  /** Linear time is shown by completion within the surefire timeout, not by a duration. */
  @Property(tries = 40)
  void hostileRepetitionsComplete(@ForAll("hostileUnits") String unit,
      @ForAll @IntRange(min = 4 * 1024, max = 64 * 1024) int size) {
    String value = unit.repeat(size / unit.length() + 1).substring(0, size);
    parsesOrFailsCleanly(value);
    parsesOrFailsCleanly("Digest " + value.substring(7));
  }

  @Provide
  Arbitrary<String> grammarSoup() {
    return Arbitraries.strings().withChars(" \t,=\"\\/+.aBz9!~\u00e9\r").ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> hostileUnits() {
    return Arbitraries.of(",", ", ", "a=b,", "Basic ", "\"", "\\\"", "a", "==", "x=\"\\\\\",",
        "Negotiate a==,", " \t", "realm=", "B r=\"", "a=\"", "\"\\");
  }

  @Provide
  Arbitrary<List<Challenge>> challengeLists() {
    return challenges().list().ofMinSize(1).ofMaxSize(5);
  }

  private Arbitrary<Challenge> challenges() {
    Arbitrary<String> token = Arbitraries.strings().withChars(TCHAR).ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> token68 = Combinators.combine(
        Arbitraries.strings().withChars("aZ09-._~+/").ofMinLength(1).ofMaxLength(20),
        Arbitraries.integers().between(0, 2)).as((t, pad) -> t + "=".repeat(pad));
    Arbitrary<String> value = Arbitraries.strings()
        .withChars(" \t!\"#\\,=aZ~\u0080\u00e9\u00ff").ofMaxLength(12);
    Arbitrary<Map<String, String>> params = Arbitraries.maps(
        token.map(t -> t.toLowerCase(java.util.Locale.ROOT)), value).ofMaxSize(6)
        .map(LinkedHashMap::new);
    return Arbitraries.oneOf(
        Combinators.combine(token, params).as(Challenge::of),
        Combinators.combine(token, token68).as(Challenge::ofToken68));
  }

  private static String format(Challenge challenge) {
    Optional<String> token68 = challenge.token68();
    if (token68.isPresent()) {
      return challenge.scheme() + " " + token68.get();
    }
    StringBuilder out = new StringBuilder(challenge.scheme());
    String separator = " ";
    for (Map.Entry<String, String> param : challenge.params().entrySet()) {
      String quoted = param.getValue().replace("\\", "\\\\").replace("\"", "\\\"");
      out.append(separator).append(param.getKey()).append(" = \"").append(quoted).append('"');
      separator = ", ";
    }
    return out.toString();
  }

  private static void parsesOrFailsCleanly(String value) {
    try {
      assertThat(ChallengeParser.parse(value)).doesNotContainNull();
    } catch (MalformedChallengeException e) {
      assertThat(e.index()).isBetween(0, value.length());
      assertThat(e.getMessage()).startsWith("Expected ").contains(" at index " + e.index())
          .doesNotContain("\r", "\n").hasSizeLessThan(400);
    }
  }
}
