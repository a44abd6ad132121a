package io.github.proxyauth.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicServerSchemeTest {
  private final UserStore users = new UserStore();
  private final ServerConnection connection = new ServerConnection(0);
  private final ServerRequest request = new ServerRequest("GET", "http://example.org/");

  @Test
  void acceptsRfc7617Example() {
    // RFC 7617 §2: Aladdin / open sesame
    users.put("Aladdin", "open sesame");
    BasicServerScheme basic = new BasicServerScheme(users, "WallyWorld", false);

    assertThat(basic.verify("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", request, connection))
        .isEqualTo(new Verdict.Accepted("Aladdin"));
  }

  @Test
  void acceptsRfc7617Utf8ExampleAndAnnouncesCharset() {
    // RFC 7617 §2.1: user "test", password "123£" in UTF-8
    users.put("test", "123\u00a3");
    BasicServerScheme basic = new BasicServerScheme(users, "foo", true);

    assertThat(basic.challenge(connection)).isEqualTo("Basic realm=\"foo\", charset=\"UTF-8\"");
    assertThat(basic.verify("dGVzdDoxMjPCow==", request, connection))
        .isEqualTo(new Verdict.Accepted("test"));
  }

  @Test
  void acceptsLatin1PasswordOnlyWithoutUtf8Charset() {
    users.put("test", "123\u00a3");
    String latin1 = Base64.getEncoder()
        .encodeToString("test:123\u00a3".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(new BasicServerScheme(users, "r", false).verify(latin1, request, connection))
        .isEqualTo(new Verdict.Accepted("test"));
    assertThat(new BasicServerScheme(users, "r", true).verify(latin1, request, connection))
        .isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void rejectsWrongPasswordWithoutNamingIt() {
    users.put("Aladdin", "open sesame");
    String wrong = Base64.getEncoder()
        .encodeToString("Aladdin:canary-pw-7".getBytes(StandardCharsets.UTF_8));

    Verdict verdict = new BasicServerScheme(users, "r", false).verify(wrong, request, connection);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(verdict.toString()).doesNotContain("canary-pw-7").doesNotContain("open sesame");
  }

  @Test
  void rejectsUnknownUserAndMalformedTokens() {
    BasicServerScheme basic = new BasicServerScheme(users, "r", false);

    assertThat(basic.verify("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", request, connection))
        .isInstanceOf(Verdict.Rejected.class);
    assertThat(basic.verify("not base64!", request, connection))
        .isInstanceOf(Verdict.Rejected.class);
    assertThat(basic.verify("bm9jb2xvbg==", request, connection)) // "nocolon"
        .isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void quotesRealmInChallenge() {
    assertThat(new BasicServerScheme(users, "a \"b\"", false).challenge(connection))
        .isEqualTo("Basic realm=\"a \\\"b\\\"\"");
  }
}
