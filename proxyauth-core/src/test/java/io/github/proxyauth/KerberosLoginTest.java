package io.github.proxyauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KerberosLoginTest {
  @TempDir Path dir;

  @Test
  void fromEnvironmentReadsKrb5ccname() {
    KerberosLogin login = KerberosLogin.fromEnvironment(
        Map.of("KRB5CCNAME", "FILE:/var/run/app.cc")::get);
    assertThat(login.source()).isEqualTo("ticket cache FILE:/var/run/app.cc");
    assertThat(login.principal()).isEmpty();
  }

  @Test
  void plainPathInKrb5ccnameIsAFileCache() {
    assertThat(KerberosLogin.fromEnvironment(Map.of("KRB5CCNAME", "/tmp/x.cc")::get).source())
        .isEqualTo("ticket cache FILE:/tmp/x.cc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"KCM:1000", "KEYRING:persistent:1000", "DIR:/run/user/1000/krb5cc",
      "API:default"})
  void cacheTypesTheJdkCannotReadMakeNegotiateUnavailable(String name) {
    KerberosLogin login = KerberosLogin.fromEnvironment(Map.of("KRB5CCNAME", name)::get);
    String type = name.substring(0, name.indexOf(':'));
    assertThat(AuthScheme.negotiate(login).unavailableReason(context()))
        .hasValueSatisfying(reason -> assertThat(reason)
            .contains("KRB5CCNAME=" + name + " names a " + type + ": credentials cache")
            .contains("FILE:"));
  }

  @Test
  void missingTicketCacheSaysRunKinit() {
    Path missing = dir.resolve("none.cc");
    assertThat(AuthScheme.negotiate(KerberosLogin.ticketCache(missing))
        .unavailableReason(context()))
        .hasValue("no Kerberos ticket in FILE:" + missing + " (the file does not exist): run"
            + " kinit or configure a keytab");
  }

  @Test
  void emptyTicketCacheSaysRunKinit() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.cc"));
    assertThat(AuthScheme.negotiate(KerberosLogin.ticketCache(empty))
        .unavailableReason(context()))
        .hasValueSatisfying(reason -> assertThat(reason).contains("the file is empty")
            .contains("run kinit"));
  }

  @Test
  void missingKeytabSaysFixThePath() {
    Path missing = dir.resolve("none.keytab");
    assertThat(AuthScheme.negotiate(KerberosLogin.keytab("svc@EXAMPLE.TEST", missing))
        .unavailableReason(context()))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("keytab " + missing
            + " does not exist"));
  }

  @Test
  void clientKeytabFromEnvironmentUsesItsFirstPrincipal() throws Exception {
    Path keytab = Files.write(dir.resolve("client.keytab"), keytab("EXAMPLE.TEST", "svc", "app"));
    KerberosLogin login = KerberosLogin.fromEnvironment(
        Map.of("KRB5_CLIENT_KTNAME", "FILE:" + keytab)::get);
    assertThat(login.principal()).hasValue("svc/app@EXAMPLE.TEST");
    assertThat(login.source()).isEqualTo("keytab " + keytab + " for svc/app@EXAMPLE.TEST");
  }

  @Test
  void truncatedClientKeytabIsRejectedWithItsPath() throws Exception {
    byte[] bytes = keytab("EXAMPLE.TEST", "svc");
    Path keytab = Files.write(dir.resolve("cut.keytab"), java.util.Arrays.copyOf(bytes, 12));
    assertThatThrownBy(() -> KerberosLogin.fromEnvironment(
        Map.of("KRB5_CLIENT_KTNAME", keytab.toString())::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KRB5_CLIENT_KTNAME keytab " + keytab + " is truncated entry");
  }

  @Test
  void emptyEnvironmentMeansTheDefaultCache() {
    assertThat(KerberosLogin.fromEnvironment(name -> null).source())
        .startsWith("ticket cache FILE:");
  }

  @Test
  void passwordNeverAppearsInToStringOrSource() {
    KerberosLogin login = KerberosLogin.password("alice@EXAMPLE.TEST",
        "Canary-Krb-0042".toCharArray());
    NegotiateOptions options = NegotiateOptions.builder().login(login).build();
    assertThat(login + login.source() + options + AuthScheme.negotiate(options))
        .contains("password for alice@EXAMPLE.TEST").doesNotContain("Canary");
    assertThat(AuthScheme.negotiate(login).unavailableReason(context())).isEmpty();
  }

  @Test
  void servicePrincipalOverrideMustNameAService() {
    assertThatThrownBy(() -> NegotiateOptions.builder().servicePrincipal("proxy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP/host[@REALM] or HTTP@host, got 'proxy'");
    assertThat(NegotiateOptions.builder().servicePrincipal("HTTP@proxy.example.com").build()
        .servicePrincipal()).hasValue("HTTP@proxy.example.com");
  }

  @Test
  void negotiateUsesItsOwnCredentialsAndNtlmIsConnectionBound() {
    assertThat(AuthScheme.negotiate().usesPasswordCredentials()).isFalse();
    assertThat(AuthScheme.negotiate().strength()).isEqualTo(AuthScheme.NEGOTIATE_STRENGTH);
    assertThat(AuthScheme.ntlm().connectionBound()).isTrue();
    assertThat(AuthScheme.ntlm("WS").name()).isEqualTo("ntlm");
  }

  private static AuthContext context() {
    return AuthContext.builder(AuthRequest.connect("proxy.example.test", 3128, "o.example", 443),
        AuthScope.of("proxy.example.test", 3128, "negotiate")).credentials(Optional.empty())
        .build();
  }

  /** Returns an MIT keytab (0x0502) with one entry for {@code components@realm}. */
  private static byte[] keytab(String realm, String... components) throws Exception {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    DataOutputStream e = new DataOutputStream(entry);
    e.writeShort(components.length);
    counted(e, realm);
    for (String c : components) {
      counted(e, c);
    }
    e.writeInt(1); // name type
    e.writeInt(0); // timestamp
    e.writeByte(1); // kvno
    e.writeShort(17); // aes128
    e.writeShort(16);
    e.write(new byte[16]);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    DataOutputStream f = new DataOutputStream(file);
    f.writeShort(0x0502);
    f.writeInt(entry.size());
    f.write(entry.toByteArray());
    return file.toByteArray();
  }

  private static void counted(DataOutputStream out, String s) throws Exception {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }
}
