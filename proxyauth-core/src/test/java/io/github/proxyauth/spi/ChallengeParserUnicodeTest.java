package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Characters above U+00FF (UTF-8 decoded obs-text) and a comma right after the scheme. */
class ChallengeParserUnicodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"Büro €", "代理服务器", "proxy 🔒", "a\\\"€\\\""})
  void acceptsCharactersAboveLatin1InQuotedStrings(String realm) throws Exception {
    List<Challenge> challenges = ChallengeParser.parse("Basic realm=\"" + realm + "\"");

    assertThat(challenges).containsExactly(Challenge.of("basic",
        Map.of("realm", realm.replace("\\\"", "\""))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bäsic realm=\"x\"", "Basic re€lm=\"x\"", "Basic realm=€uro",
      "Negotiate YII€="})
  void rejectsCharactersAboveAsciiInTokens(String value) {
    MalformedChallengeException e = catchThrowableOfType(MalformedChallengeException.class,
        () -> ChallengeParser.parse(value));

    assertThat(e).isNotNull();
  }

  @Test
  void rejectsAParameterAfterACommaRightAfterTheScheme() {
    MalformedChallengeException e = catchThrowableOfType(MalformedChallengeException.class,
        () -> ChallengeParser.parse("Basic, realm=\"x\""));

    assertThat(e).hasMessageContaining("Expected an auth-scheme")
        .hasMessageContaining("',' right after 'Basic' ends that challenge")
        .hasMessageContaining("index 7");
  }

  @Test
  void stillReadsSchemesWithoutParametersBeforeOthers() throws Exception {
    assertThat(ChallengeParser.parse("Negotiate, NTLM, Basic realm=\"x\"")).extracting(
        Challenge::scheme).containsExactly("negotiate", "ntlm", "basic");
  }
}
