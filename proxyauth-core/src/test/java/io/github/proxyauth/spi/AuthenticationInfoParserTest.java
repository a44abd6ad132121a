package io.github.proxyauth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@code Proxy-Authentication-Info} (RFC 9110 §11.7.3): a list of auth-params, no scheme. */
class AuthenticationInfoParserTest {
  private static final String TCHAR = "!#$%&'*+-.^_`|~abcXYZ019";

  @Test
  void squidsNextnonceAndRfc7616sFieldsParse() throws Exception {
    assertThat(Challenge.parseInfo(List.of("nextnonce=\"ab/c+d==\"")))
        .containsExactly(Map.entry("nextnonce", "ab/c+d=="));
    assertThat(Challenge.parseInfo(List.of(
        "qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", nc=00000001",
        " , NextNonce = \"n2\" ,")))
        .containsExactly(Map.entry("qop", "auth"),
            Map.entry("rspauth", "6629fae49393a05397450978507c4ef1"),
            Map.entry("cnonce", "0a4f113b"), Map.entry("nc", "00000001"),
            Map.entry("nextnonce", "n2"));
    assertThat(Challenge.parseInfo(List.of())).isEmpty();
    assertThat(Challenge.parseInfo(List.of("", " , "))).isEmpty();
  }

  @Test
  void aSchemeARepeatedNameOrABareTokenIsMalformedAndSaysWhere() {
    assertThatThrownBy(() -> Challenge.parseInfo(List.of("Digest nextnonce=\"n\"")))
        .isInstanceOf(MalformedChallengeException.class)
        .hasMessageStartingWith("Expected '=' after the auth-param name 'digest'")
        .hasMessageContaining("at index 7 but found 'n' (U+006E) in field value 'Digest");
    assertThatThrownBy(() -> Challenge.parseInfo(List.of("nextnonce=a", "nextnonce=b")))
        .isInstanceOf(MalformedChallengeException.class)
        .hasMessageContaining("each parameter name once").hasMessageContaining("at index 0");
    assertThatThrownBy(() -> Challenge.parseInfo(List.of("nextnonce=\"unterminated")))
        .isInstanceOf(MalformedChallengeException.class).hasMessageStartingWith("Expected ");
    assertThatThrownBy(() -> Challenge.parseInfo(List.of("a=" + "b".repeat(70_000))))
        .isInstanceOf(MalformedChallengeException.class).hasMessageContaining("65536");
  }

  @Property(tries = 1000)
  void arbitraryStringsYieldParamsOrMalformedChallengeException(
      @ForAll @StringLength(max = 300) String value) {
    parsesOrFailsCleanly(value);
  }

  @Property(tries = 1000)
  void stringsFromTheGrammarAlphabetYieldParamsOrMalformedChallengeException(
      @ForAll("soup") String value) {
    parsesOrFailsCleanly(value);
  }

  @Property(tries = 1000)
  void formattedParamsParseBackToThemselves(@ForAll("params") Map<String, String> params)
      throws Exception {
    StringBuilder value = new StringBuilder();
    params.forEach((name, v) -> value.append(value.length() == 0 ? "" : " ,\t").append(name)
        .append(" = \"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));

    assertThat(Challenge.parseInfo(List.of(value.toString()))).containsExactlyEntriesOf(params);
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.strings().withChars(" \t,=\"\\/+.aBz9!~\u00e9\r").ofMaxLength(200);
  }

  @Provide
  Arbitrary<Map<String, String>> params() {
    Arbitrary<String> name = Arbitraries.strings().withChars(TCHAR).ofMinLength(1).ofMaxLength(8)
        .map(t -> t.toLowerCase(Locale.ROOT));
    Arbitrary<String> value = Arbitraries.strings()
        .withChars(" \t!\"#\\,=aZ~\u0080\u00e9\u00ff").ofMaxLength(12);
    return Arbitraries.maps(name, value).ofMaxSize(8).map(LinkedHashMap::new);
  }

  private static void parsesOrFailsCleanly(String value) {
    try {
      assertThat(Challenge.parseInfo(List.of(value))).doesNotContainKey("").hasSizeLessThan(65);
    } catch (MalformedChallengeException e) {
      assertThat(e.index()).isBetween(0, value.length());
      assertThat(e.getMessage()).startsWith("Expected ").contains(" at index " + e.index())
          .doesNotContain("\r", "\n").hasSizeLessThan(400);
    }
  }
}
