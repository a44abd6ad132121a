package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a rejected login says, as a person reads it: the source, and the domain trap. */
class RejectionMessageTest {

  @ParameterizedTest
  @EnumSource(value = ProxyScheme.class, names = {"BASIC", "DIGEST"})
  void domainQualifiedUserRejectedByBasicOrDigestSuggestsTheBareName(ProxyScheme scheme)
      throws Exception {
    try (TestProxy proxy = scheme.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyAuthenticator.builder()
          .schemes(scheme == ProxyScheme.BASIC ? AuthScheme.basic() : AuthScheme.digest())
          .credentials(Credentials.of("CORP\\alice", ProxyScheme.PASSWORD.toCharArray()))
          .build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, origin.url("/")));

      Diagnosis d = e.diagnosis().orElseThrow();
      assertThat(d.reason()).isEqualTo(Diagnosis.Reason.CREDENTIALS_REJECTED);
      assertThat(d.detail()).contains("user 'CORP\\alice' (configured in code)")
          .contains("sends the user name as typed, 'CORP\\alice'")
          .contains("may expect the bare name 'alice'");
      assertThat(d.fix()).startsWith("try the bare user name 'alice' (configured in code)");
      assertThat(e.getMessage()).doesNotContain(ProxyScheme.PASSWORD, "from configured");
    }
  }

  @ParameterizedTest
  @EnumSource(value = ProxyScheme.class, names = {"BASIC", "DIGEST"})
  void plainUserRejectedBlamesThePasswordAndNamesTheSource(ProxyScheme scheme) throws Exception {
    try (TestProxy proxy = scheme.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(scheme.engine(ProxyScheme.CANARY).build(), proxy);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class,
          () -> Calls.get(client, origin.url("/")));

      Diagnosis d = e.diagnosis().orElseThrow();
      assertThat(d.detail()).contains("user 'alice' (configured in code)")
          .doesNotContain("bare name");
      assertThat(d.fix()).startsWith("check the password of 'alice' (configured in code)");
      assertThat(e.getMessage()).doesNotContain(ProxyScheme.CANARY);
    }
  }
}
