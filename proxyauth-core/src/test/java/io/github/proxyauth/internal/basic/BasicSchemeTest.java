package io.github.proxyauth.internal.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.Challenge;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BasicSchemeTest {
  private static final String CANARY = "canary-S3cret-\u20ac";

  @Test
  void matchesRfc7617Example() throws Exception {
    // RFC 7617 §2
    assertThat(respond("Aladdin", "open sesame", Challenge.of("basic", Map.of("realm", "WallyWorld"))))
        .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void encodesUtf8WhenProxyOffersCharset() throws Exception {
    // RFC 7617 §2.1
    Challenge challenge = Challenge.of("basic", Map.of("realm", "foo", "charset", "UTF-8"));

    assertThat(respond("test", "123\u00a3", challenge)).isEqualTo("Basic dGVzdDoxMjPCow==");
  }

  @Test
  void encodesIso88591ByDefault() throws Exception {
    byte[] latin1 = {'t', 'e', 's', 't', ':', '1', '2', '3', (byte) 0xA3};

    assertThat(respond("test", "123\u00a3", Challenge.of("basic", Map.of("realm", "foo"))))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString(latin1));
  }

  @Test
  void rejectsCharactersIso88591CannotEncodeWithoutShowingThePassword() {
    ProxyAuthException e = catchThrowableOfType(
        () -> respond("alice", CANARY, Challenge.of("basic", Map.of("realm", "r"))),
        ProxyAuthException.class);

    assertThat(e.getMessage()).contains("alice").contains("ISO-8859-1").contains("charset")
        .doesNotContain("canary").doesNotContain("S3cret");
  }

  @Test
  void rejectsUserWithColon() {
    ProxyAuthException e = catchThrowableOfType(
        () -> respond("a:b", CANARY, Challenge.of("basic", Map.of("realm", "r"))),
        ProxyAuthException.class);

    assertThat(e.getMessage()).contains("':'").contains("RFC 7617").doesNotContain("canary");
  }

  @Test
  void answersPreemptivelyWithTheCachedChallengesCharset() throws Exception {
    Challenge cached = Challenge.of("basic", Map.of("realm", "foo", "charset", "utf-8"));

    assertThat(BasicScheme.INSTANCE.newSession(context("test", "123\u00a3", Optional.of(cached)))
        .preemptive()).hasValue("Basic dGVzdDoxMjPCow==");
  }

  @Test
  void answersPreemptivelyWithoutCachedChallenge() throws Exception {
    assertThat(BasicScheme.INSTANCE.newSession(context("Aladdin", "open sesame", Optional.empty()))
        .preemptive()).hasValue("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void refusesToStartWithoutCredentials() {
    AuthContext context = AuthContext.builder(request(), AuthScope.of("proxy", 3128, "basic"))
        .build();

    assertThat(catchThrowableOfType(() -> BasicScheme.INSTANCE.newSession(context),
        ProxyAuthException.class)).hasMessageContaining("proxy:3128");
  }

  @Test
  void namesItselfBasicWithBasicStrength() {
    assertThat(BasicScheme.INSTANCE.name()).isEqualTo("basic");
    assertThat(BasicScheme.INSTANCE.strength()).isEqualTo(BasicScheme.BASIC_STRENGTH);
  }

  private static String respond(String user, String password, Challenge challenge)
      throws ProxyAuthException {
    return BasicScheme.INSTANCE.newSession(context(user, password, Optional.empty()))
        .respond(challenge);
  }

  private static AuthContext context(String user, String password, Optional<Challenge> cached) {
    return AuthContext.builder(request(), AuthScope.of("proxy", 3128, "basic"))
        .credentials(Optional.of(Credentials.of(user, password.toCharArray())))
        .cachedChallenge(cached).build();
  }

  private static AuthRequest request() {
    return AuthRequest.connect("proxy", 3128, "example.com", 443);
  }
}
