package io.github.proxyauth.testkit.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeMessageTest {
  static final HexFormat HEX = HexFormat.of();
  // MS-NLMP §4.2.4.3 CHALLENGE_MESSAGE
  static final String SPEC_CHALLENGE = "4e544c4d53535000020000000c000c003800000033828ae2"
      + "0123456789abcdef00000000000000002400240044000000060070170000000f"
      + "53006500720076006500720002000c0044006f006d00610069006e0001000c00"
      + "53006500720076006500720000000000";

  static ChallengeMessage specChallenge() {
    byte[] info = AvPairs.encode(List.of(
        new AvPairs.AvPair(AvPairs.NB_DOMAIN_NAME, utf16("Domain")),
        new AvPairs.AvPair(AvPairs.NB_COMPUTER_NAME, utf16("Server"))));
    return new ChallengeMessage(0xe28a8233, HEX.parseHex("0123456789abcdef"), utf16("Server"),
        info, ChallengeMessage.DEFAULT_VERSION);
  }

  @Test
  void encodesMsNlmpChallengeMessage() {
    assertThat(HEX.formatHex(specChallenge().encode())).isEqualTo(SPEC_CHALLENGE);
  }

  @Test
  void answerEchoesClientFlagsAndCarriesTimestamp() throws Exception {
    int client = NtlmFlags.UNICODE | NtlmFlags.OEM | NtlmFlags.REQUEST_TARGET | NtlmFlags.NTLM
        | NtlmFlags.KEY_EXCH | NtlmFlags.SEAL;
    ChallengeMessage answer = ChallengeMessage.answer(new NegotiateMessage(client), "Example",
        "proxy", HEX.parseHex("1122334455667788"), 0x01d0_0000_0000_0001L);

    assertThat(answer.flags() & NtlmFlags.UNICODE).isNotZero();
    assertThat(answer.flags() & NtlmFlags.OEM).isZero();
    assertThat(answer.flags() & NtlmFlags.KEY_EXCH).isNotZero();
    assertThat(answer.flags() & NtlmFlags.SEAL).isZero();
    assertThat(answer.flags() & NtlmFlags.TARGET_INFO).isNotZero();
    List<AvPairs.AvPair> pairs = AvPairs.parse(answer.targetInfo(), 0);
    assertThat(AvPairs.find(pairs, AvPairs.TIMESTAMP)).get()
        .isEqualTo(HEX.parseHex("010000000000d001"));
    assertThat(AvPairs.find(pairs, AvPairs.NB_DOMAIN_NAME)).get().isEqualTo(utf16("EXAMPLE"));
    assertThat(answer.targetName()).isEqualTo(utf16("Example"));
  }

  @Test
  void answerUsesOemWhenClientAsksOnlyForOem() {
    ChallengeMessage answer = ChallengeMessage.answer(
        new NegotiateMessage(NtlmFlags.OEM | NtlmFlags.NTLM), "EXAMPLE", "proxy",
        new byte[8], 0);

    assertThat(answer.flags() & (NtlmFlags.UNICODE | NtlmFlags.OEM)).isEqualTo(NtlmFlags.OEM);
    assertThat(answer.targetName()).isEqualTo("EXAMPLE".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void avPairsRejectListWithoutTerminator() {
    byte[] unterminated = HEX.parseHex("02000c0044006f006d00610069006e00");

    assertThatThrownBy(() -> AvPairs.parse(unterminated, 0))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("MsvAvEOL");
  }

  @Test
  void avPairsRejectPairRunningPastTheEnd() {
    byte[] overlong = HEX.parseHex("0200ff0044006f00");

    assertThatThrownBy(() -> AvPairs.parse(overlong, 0))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("runs past the end");
  }

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }
}
