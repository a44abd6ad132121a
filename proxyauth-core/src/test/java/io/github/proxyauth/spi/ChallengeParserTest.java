package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChallengeParserTest {

  @Test
  void parsesRfc9110Example() throws Exception {
    // RFC 9110 §11.6.1
    List<Challenge> challenges = ChallengeParser.parse(
        "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");

    assertThat(challenges).containsExactly(
        Challenge.of("newauth", ordered("realm", "apps", "type", "1", "title", "Login to \"apps\"")),
        Challenge.of("basic", Map.of("realm", "simple")));
  }

  @Test
  void parsesToken68WithPadding() throws Exception {
    assertThat(ChallengeParser.parse("Negotiate YIIBhwYGKwYBBQUC+/0=="))
        .containsExactly(Challenge.ofToken68("negotiate", "YIIBhwYGKwYBBQUC+/0=="));
  }

  @Test
  void parsesToken68WithoutPaddingFollowedByAnotherChallenge() throws Exception {
    assertThat(ChallengeParser.parse("Bearer a.b-c_d~e , NTLM"))
        .containsExactly(Challenge.ofToken68("bearer", "a.b-c_d~e"), Challenge.of("ntlm"));
  }

  @Test
  void parsesSchemesWithoutParameters() throws Exception {
    assertThat(ChallengeParser.parse("Negotiate, NTLM"))
        .containsExactly(Challenge.of("negotiate"), Challenge.of("ntlm"));
  }

  @Test
  void keepsSameSchemeWithDifferentRealmsInOrder() throws Exception {
    assertThat(ChallengeParser.parse("Basic realm=\"b\", Digest realm=\"x\", nonce=\"n\","
        + " Basic realm=\"a\"")).extracting(Challenge::scheme, Challenge::realm).containsExactly(
            org.assertj.core.groups.Tuple.tuple("basic", Optional.of("b")),
            org.assertj.core.groups.Tuple.tuple("digest", Optional.of("x")),
            org.assertj.core.groups.Tuple.tuple("basic", Optional.of("a")));
  }

  @Test
  void startsNewChallengeWhenTokenAfterCommaIsNotFollowedByEquals() throws Exception {
    assertThat(ChallengeParser.parse("Basic realm=\"a\", Digest realm=\"b\""))
        .extracting(Challenge::scheme).containsExactly("basic", "digest");
  }

  @Test
  void continuesParametersWhenTokenAfterCommaIsFollowedByEquals() throws Exception {
    assertThat(ChallengeParser.parse("Digest realm=\"b\", nonce = \"x\""))
        .containsExactly(Challenge.of("digest", ordered("realm", "b", "nonce", "x")));
  }

  @Test
  void skipsEmptyListElements() throws Exception {
    assertThat(ChallengeParser.parse(", ,Basic realm=\"a\" , , realm2=x,,Digest realm=\"b\",, "))
        .containsExactly(Challenge.of("basic", ordered("realm", "a", "realm2", "x")),
            Challenge.of("digest", Map.of("realm", "b")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", ",", " , ,\t,"})
  void returnsEmptyListWhenValueHoldsNoChallenge(String value) throws Exception {
    assertThat(ChallengeParser.parse(value)).isEmpty();
  }

  @Test
  void acceptsTabsAndSpacesAsOwsAndBws() throws Exception {
    assertThat(ChallengeParser.parse("\tDigest  realm \t=\t \"r\"\t ,\tqop=auth \t,\t"))
        .containsExactly(Challenge.of("digest", ordered("realm", "r", "qop", "auth")));
  }

  @Test
  void keepsCommasInsideQuotedStrings() throws Exception {
    assertThat(ChallengeParser.parse("Digest realm=\"a, b\", qop=\"auth,auth-int\""))
        .containsExactly(Challenge.of("digest", ordered("realm", "a, b", "qop", "auth,auth-int")));
  }

  @Test
  void unescapesQuotedPair() throws Exception {
    assertThat(ChallengeParser.parse("Basic realm=\"a\\\"b\\\\c\\d\\ e\"").get(0).realm())
        .hasValue("a\"b\\cd e");
  }

  @Test
  void lowerCasesSchemeAndParameterNamesButKeepsValues() throws Exception {
    Challenge challenge = ChallengeParser.parse("BASIC ReAlM=\"MixedCase\", CharSet=UTF-8").get(0);

    assertThat(challenge.scheme()).isEqualTo("basic");
    assertThat(challenge.params()).containsExactly(Map.entry("realm", "MixedCase"),
        Map.entry("charset", "UTF-8"));
  }

  @Test
  void acceptsTokenAndEmptyQuotedValues() throws Exception {
    assertThat(ChallengeParser.parse("Digest algorithm=SHA-256, realm=\"\"").get(0).params())
        .containsExactly(Map.entry("algorithm", "SHA-256"), Map.entry("realm", ""));
  }

  @Test
  void acceptsObsTextInQuotedString() throws Exception {
    assertThat(ChallengeParser.parse("Basic realm=\"caf\u00e9 \u00ff\"").get(0).realm())
        .hasValue("caf\u00e9 \u00ff");
  }

  @Test
  void readsSchemeFollowedByNameAndEqualsAsToken68LikeTheGrammar() throws Exception {
    assertThat(ChallengeParser.parse("Basic realm="))
        .containsExactly(Challenge.ofToken68("basic", "realm="));
  }

  @Test
  void rejectsParameterAfterCommaRightAfterTheScheme() {
    // RFC 9110 §11.2: "Negotiate" followed by ',' has no parameters; "realm=x" has no scheme.
    assertThat(catchThrowableOfType(MalformedChallengeException.class,
        () -> ChallengeParser.parse("Negotiate, realm=x"))).hasMessageContaining("index 11");
  }

  @Test
  void acceptsValuesAtEveryLimit() throws Exception {
    StringBuilder params = new StringBuilder("Digest ");
    for (int i = 0; i < ChallengeParser.MAX_PARAMS; i++) {
      params.append(i == 0 ? "" : ", ").append("p").append(i).append("=v");
    }
    String challenges = "NTLM, ".repeat(ChallengeParser.MAX_CHALLENGES - 1) + "NTLM";
    String longRealm = "Basic realm=\"" + "r".repeat(ChallengeParser.MAX_FIELD_LENGTH - 14) + "\"";

    assertThat(ChallengeParser.parse(params.toString()).get(0).params())
        .hasSize(ChallengeParser.MAX_PARAMS);
    assertThat(ChallengeParser.parse(challenges)).hasSize(ChallengeParser.MAX_CHALLENGES);
    assertThat(longRealm).hasSize(ChallengeParser.MAX_FIELD_LENGTH);
    assertThat(ChallengeParser.parse(longRealm).get(0).realm().orElseThrow())
        .hasSize(ChallengeParser.MAX_FIELD_LENGTH - 14);
  }

  @Test
  void parseAllConcatenatesFieldValuesInOrder() throws Exception {
    assertThat(ChallengeParser.parseAll(List.of("Negotiate", "", "Basic realm=\"a\", NTLM")))
        .containsExactly(Challenge.of("negotiate"), Challenge.of("basic", Map.of("realm", "a")),
            Challenge.of("ntlm"));
  }

  @Test
  void parseAllThrowsForFirstMalformedValue() {
    MalformedChallengeException e = catchThrowableOfType(
        () -> ChallengeParser.parseAll(List.of("Basic realm=\"a\"", "Digest realm=\"x", "Bad\0")),
        MalformedChallengeException.class);

    assertThat(e.index()).isEqualTo(15);
    assertThat(e.getMessage()).contains("closing the quoted-string").contains("end of input");
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
