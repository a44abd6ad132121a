package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChallengeParserHostileTest {

  @Test
  void rejectsUnterminatedQuote() {
    assertMalformed("Basic realm=\"abc", 16, "'\"' closing the quoted-string", "end of input");
  }

  @Test
  void rejectsBackslashAtEndOfValue() {
    assertMalformed("Basic realm=\"abc\\", 17, "after '\\' in a quoted-pair", "end of input");
  }

  @Test
  void rejectsDuplicateParameterWhateverItsCase() {
    assertMalformed("Digest realm=\"a\", nonce=\"n\", REALM=\"b\"", 29,
        "each parameter name once per challenge", "a second 'realm'");
  }

  @Test
  void rejectsParameterWithoutValue() {
    assertMalformed("Digest realm=\"a\", nonce=", 24, "a token or quoted-string value for 'nonce'",
        "end of input");
    assertMalformed("Digest realm=\"a\", nonce=, qop=auth", 24, "value for 'nonce'", "','");
  }

  @Test
  void rejectsSpaceInsideTokenValue() {
    assertMalformed("Basic realm=a b", 14, "',' or end of input", "'b'");
  }

  @Test
  void rejectsTextAfterClosingQuote() {
    assertMalformed("Basic realm=\"a\"b", 15, "',' or end of input", "'b'");
  }

  @Test
  void rejectsParameterBeforeAnyScheme() {
    assertMalformed("realm=\"x\", Basic", 0, "an auth-scheme", "'r'");
  }

  @Test
  void rejectsParameterAfterToken68() {
    assertMalformed("Negotiate abc==, realm=\"x\"", 17, "an auth-scheme", "'r'");
  }

  @Test
  void rejectsTabBetweenSchemeAndParameters() {
    assertMalformed("Basic\trealm=\"a\"", 5, "SP between the auth-scheme", "HTAB");
  }

  @Test
  void rejectsSchemeGluedToQuote() {
    assertMalformed("Basic\"realm\"", 5, "SP, ',' or end of input after the auth-scheme", "'\"'");
  }

  static Stream<Arguments> controls() {
    return Stream.of('\r', '\n', '\0', '\u0001', '\u007f', '\u000b').flatMap(c -> Stream.of(
        Arguments.of("Bas" + c + "ic realm=\"a\"", 3, c),
        Arguments.of("Basic realm=\"a" + c + "b\"", 14, c),
        Arguments.of("Basic realm=\"a\\" + c + "\"", 15, c),
        Arguments.of("Basic realm=\"a\"" + c + ", NTLM", 15, c),
        Arguments.of("Negotiate ab" + c + "cd", 12, c)));
  }

  @ParameterizedTest
  @MethodSource("controls")
  void rejectsControlCharactersAnywhere(String value, int index, char control) {
    MalformedChallengeException e = malformed(value);

    assertThat(e.index()).isEqualTo(index);
    assertThat(e.getMessage()).startsWith("Expected ")
        .contains(" at index " + index + " but found " + String.format("U+%04X", (int) control))
        .doesNotContain("\r", "\n", "\0");
  }

  @Test
  void rejectsCharactersBeyondAsciiInATokenValue() {
    assertMalformed("Basic realm=\u20ac", 12, "a token or quoted-string value", "U+20AC");
  }

  @Test
  void rejectsNonAsciiInTokens() {
    assertMalformed("B\u00e4sic realm=\"a\"", 1, "SP, ',' or end of input", "U+00E4");
    assertMalformed("Basic re\u00e4lm=x", 8, "'=' after the auth-param name 're'", "U+00E4");
  }

  @Test
  void rejectsValueOverTheLengthLimitWithoutEchoingIt() {
    String value = "Basic realm=\"" + "x".repeat(ChallengeParser.MAX_FIELD_LENGTH) + "\"";

    MalformedChallengeException e = malformed(value);

    assertThat(e.index()).isEqualTo(ChallengeParser.MAX_FIELD_LENGTH);
    assertThat(e.getMessage()).contains("at most 65536 characters")
        .contains((ChallengeParser.MAX_FIELD_LENGTH + 14) + " characters").hasSizeLessThan(300);
  }

  @Test
  void anOversizedTokenIsReportedBySizeWithoutQuotingAnyOfIt() {
    String value = "Negotiate " + "AbCd".repeat(17_500);

    MalformedChallengeException e = malformed(value);

    assertThat(e.getMessage()).contains("70010 characters", "at most 65536")
        .doesNotContain("AbC", "bCd", "CdA", "dAb", "Negotiate");
  }

  @Test
  void rejectsHundredThousandCommasByLengthAndAcceptsSixtyThousand() throws Exception {
    assertThat(malformed(",".repeat(100_000)).index()).isEqualTo(ChallengeParser.MAX_FIELD_LENGTH);
    assertThat(ChallengeParser.parse(", ".repeat(30_000))).isEmpty();
  }

  @Test
  void rejectsMoreParametersThanTheLimit() {
    StringBuilder value = new StringBuilder("Digest p0=v");
    for (int i = 1; i <= ChallengeParser.MAX_PARAMS; i++) {
      value.append(", p").append(i).append("=v");
    }
    int index = value.lastIndexOf("p64");

    assertMalformed(value.toString(), index, "at most 64 parameters per challenge",
        "parameter 65");
  }

  @Test
  void rejectsMoreChallengesThanTheLimit() {
    String value = "NTLM, ".repeat(ChallengeParser.MAX_CHALLENGES) + "NTLM";

    assertMalformed(value, 6 * ChallengeParser.MAX_CHALLENGES, "at most 64 challenges",
        "challenge 65");
  }

  @Test
  void unescapesDeepRunsOfBackslashesAndQuotes() throws Exception {
    String escaped = "\\\\\\\"".repeat(10_000); // \\ \" -> \"
    Challenge challenge = ChallengeParser.parse("Basic realm=\"" + escaped + "\"").get(0);

    assertThat(challenge.realm().orElseThrow()).isEqualTo("\\\"".repeat(10_000));
  }

  @Test
  void rejectsManyQuotesAtTheFirstStrayOne() {
    assertMalformed("Basic realm=" + "\"".repeat(50_000), 14, "',' or end of input", "'\"'");
  }

  @Test
  void capsTheExcerptAndMasksControls() {
    String value = "Digest realm=\"" + "y".repeat(1000) + "\r\n" + "z".repeat(1000) + "\"";

    MalformedChallengeException e = malformed(value);

    assertThat(e.index()).isEqualTo(1014);
    assertThat(e.getMessage()).endsWith("in challenge '..." + "y".repeat(20) + "??"
        + "z".repeat(18) + "...'");
  }

  private static void assertMalformed(String value, int index, String expected, String found) {
    MalformedChallengeException e = malformed(value);

    assertThat(e.index()).as(e.getMessage()).isEqualTo(index);
    assertThat(e.getMessage()).startsWith("Expected ").contains(expected)
        .contains(" at index " + index + " but found ").contains(found).contains(" in challenge '");
  }

  private static MalformedChallengeException malformed(String value) {
    MalformedChallengeException e = catchThrowableOfType(() -> ChallengeParser.parse(value),
        MalformedChallengeException.class);
    assertThat(e).as("expected MalformedChallengeException for %.60s", value).isNotNull();
    return e;
  }
}
