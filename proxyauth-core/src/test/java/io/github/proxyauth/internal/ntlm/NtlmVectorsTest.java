package io.github.proxyauth.internal.ntlm;

import static io.github.proxyauth.internal.ntlm.NtlmOracle.HEX;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import jcifs.smb.NtlmUtil;
import org.junit.jupiter.api.Test;

/** MS-NLMP §4.2.1 inputs and §4.2.2/§4.2.4 outputs, reproduced exactly. */
class NtlmVectorsTest {
  static final String USER = "User";
  static final String DOMAIN = "Domain";
  static final String PASSWORD = "Password";
  static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
  static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
  // MS-NLMP §4.2.4.3 CHALLENGE_MESSAGE
  static final byte[] SPEC_CHALLENGE = HEX.parseHex("4e544c4d53535000020000000c000c0038000000"
      + "33828ae20123456789abcdef00000000000000002400240044000000060070170000000f530065007200"
      + "76006500720002000c0044006f006d00610069006e0001000c0053006500720076006500720000000000");
  static final byte[] SPEC_TARGET_INFO = Arrays.copyOfRange(SPEC_CHALLENGE, 0x44, 0x44 + 0x24);

  @Test
  void ntHashMatchesNtowfv1Of4221() {
    // §4.2.2.1.2 NTOWFv1
    assertThat(HEX.formatHex(JcifsNtlmEngine.ntHash(PASSWORD.toCharArray())))
        .isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
  }

  @Test
  void ntowfv2Matches42411ThroughJcifsAndIndependently() {
    // §4.2.4.1.1 NTOWFv2
    assertThat(HEX.formatHex(NtlmUtil.nTOWFv2(DOMAIN, USER, PASSWORD)))
        .isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
    assertThat(HEX.formatHex(NtlmOracle.ntowfv2(PASSWORD, USER, DOMAIN)))
        .isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
  }

  @Test
  void ntProofStrAndSessionBaseKeyMatch4242ThroughJcifs() {
    byte[] key = NtlmUtil.nTOWFv2(DOMAIN, USER, JcifsNtlmEngine.ntHash(PASSWORD.toCharArray()));
    // Time is 0 in §4.2.1; jcifs appends NTProofStr ‖ temp
    byte[] response = NtlmUtil.getNTLMv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE, 0L,
        SPEC_TARGET_INFO);
    byte[] proof = Arrays.copyOf(response, 16);
    // §4.2.4.2.2 NTProofStr, §4.2.4.1.2 SessionBaseKey
    assertThat(HEX.formatHex(proof)).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
    assertThat(HEX.formatHex(NtlmOracle.hmac(key, proof)))
        .isEqualTo("8de40ccadbc14a82f15cb0ad0de95ca3");
    byte[] blob = Arrays.copyOfRange(response, 16, response.length);
    assertThat(NtlmOracle.ntProofStr(NtlmOracle.ntowfv2(PASSWORD, USER, DOMAIN),
        SERVER_CHALLENGE, blob)).isEqualTo(proof);
  }

  @Test
  void lmv2Matches42421WithTheDomainAsGiven() throws Exception {
    NtlmChallenge challenge = NtlmChallenge.parse(SPEC_CHALLENGE, "proxy:3128");
    RandomGenerator aa = () -> 0xaaaaaaaaaaaaaaaaL;
    byte[] lmv2 = JcifsNtlmEngine.lmv2(JcifsNtlmEngine.ntHash(PASSWORD.toCharArray()),
        USER.toUpperCase(java.util.Locale.ROOT), DOMAIN, challenge, aa);
    // §4.2.4.2.1 LMv2 response (jcifs' own helper upper-cases the domain and gives a364ead0...)
    assertThat(HEX.formatHex(lmv2)).isEqualTo("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  }

  @Test
  void parsesSpecChallengeMessage() throws Exception {
    NtlmChallenge challenge = NtlmChallenge.parse(SPEC_CHALLENGE, "proxy:3128");
    assertThat(challenge.flags()).isEqualTo(0xe28a8233);
    assertThat(challenge.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
    assertThat(challenge.targetInfo()).hasValueSatisfying(
        info -> assertThat(info).isEqualTo(SPEC_TARGET_INFO));
    assertThat(challenge.hasTimestamp()).isFalse();
    assertThat(challenge.unicode()).isTrue();
  }
}
