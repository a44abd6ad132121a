package io.github.proxyauth.testkit.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NtlmCryptoTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
  // MS-NLMP §4.2.4.1.3: temp for Time 0, ClientChallenge aa*8, AV pairs Domain/Server.
  static final byte[] TEMP = HEX.parseHex("0101000000000000" + "0000000000000000"
      + "aaaaaaaaaaaaaaaa" + "00000000"
      + "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200" + "00000000"
      + "00000000");

  // MS-NLMP §4.2.2.1.2
  @Test
  void ntowfv1MatchesMsNlmp() {
    assertThat(HEX.formatHex(NtlmCrypto.ntowfv1("Password")))
        .isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
  }

  // MS-NLMP §4.2.4.1.1
  @Test
  void ntowfv2MatchesMsNlmp() {
    assertThat(HEX.formatHex(NtlmCrypto.ntowfv2("Password", "User", "Domain")))
        .isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
  }

  // MS-NLMP §4.2.4.2.2
  @Test
  void ntProofStrMatchesMsNlmp() {
    byte[] key = NtlmCrypto.ntowfv2("Password", "User", "Domain");

    assertThat(HEX.formatHex(NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, TEMP)))
        .isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
  }

  // MS-NLMP §4.2.4.1.2
  @Test
  void sessionBaseKeyMatchesMsNlmp() {
    byte[] key = NtlmCrypto.ntowfv2("Password", "User", "Domain");
    byte[] proof = NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, TEMP);

    assertThat(HEX.formatHex(NtlmCrypto.hmacMd5(key, proof)))
        .isEqualTo("8de40ccadbc14a82f15cb0ad0de95ca3");
  }

  // MS-NLMP §4.2.4.2.3: RandomSessionKey 55*16 under the SessionBaseKey.
  @Test
  void rc4DecryptsMsNlmpEncryptedRandomSessionKey() {
    byte[] sessionBaseKey = HEX.parseHex("8de40ccadbc14a82f15cb0ad0de95ca3");
    byte[] encrypted = HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e");

    assertThat(HEX.formatHex(NtlmCrypto.rc4(sessionBaseKey, encrypted)))
        .isEqualTo("55".repeat(16));
  }

  @Test
  void ntowfv2UpperCasesUserIndependentlyOfDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      byte[] turkish = NtlmCrypto.ntowfv2("pw", "admin", "EXAMPLE");
      Locale.setDefault(Locale.ROOT);
      assertThat(turkish).isEqualTo(NtlmCrypto.ntowfv2("pw", "ADMIN", "EXAMPLE"));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
