package io.github.proxyauth.testkit.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthenticateMessageTest {
  static final HexFormat HEX = HexFormat.of();
  // MS-NLMP §4.2.4.3 AUTHENTICATE_MESSAGE (232 bytes, no MIC).
  static final byte[] SPEC_AUTHENTICATE = HEX.parseHex(
      "4e544c4d5353500003000000180018006c00000054005400840000000c000c00"
          + "480000000800080054000000100010005c00000010001000d8000000358288e2"
          + "0501280a0000000f44006f006d00610069006e00550073006500720043004f00"
          + "4d005000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaa"
          + "aaaaaaaa68cd0ab851e51c96aabc927bebef6a1c010100000000000000000000"
          + "00000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e00"
          + "01000c005300650072007600650072000000000000000000c5dad2544fc97990"
          + "94ce1ce90bc9d03e");

  @Test
  void parsesMsNlmpAuthenticateMessage() throws Exception {
    AuthenticateMessage message = AuthenticateMessage.parse(SPEC_AUTHENTICATE);

    assertThat(message.flags()).isEqualTo(0xe2888235);
    assertThat(message.domain()).isEqualTo("Domain");
    assertThat(message.user()).isEqualTo("User");
    assertThat(message.workstation()).isEqualTo("COMPUTER");
    assertThat(HEX.formatHex(message.lmResponse()))
        .isEqualTo("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
    assertThat(message.ntResponse()).hasSize(84);
    assertThat(HEX.formatHex(Arrays.copyOf(message.ntResponse(), 16)))
        .isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
    assertThat(HEX.formatHex(message.encryptedRandomSessionKey()))
        .isEqualTo("c5dad2544fc9799094ce1ce90bc9d03e");
  }

  @Test
  void rejectsEveryTruncation() {
    for (int length = 0; length < SPEC_AUTHENTICATE.length; length++) {
      byte[] truncated = Arrays.copyOf(SPEC_AUTHENTICATE, length);

      assertThatThrownBy(() -> AuthenticateMessage.parse(truncated))
          .as("prefix of %d bytes", length)
          .isInstanceOf(MalformedNtlmException.class);
    }
  }

  @Test
  void rejectsOffsetOutsideTheMessage() {
    byte[] hostile = withInt(SPEC_AUTHENTICATE, 24, 0xfffffff0);

    assertThatThrownBy(() -> AuthenticateMessage.parse(hostile))
        .isInstanceOf(MalformedNtlmException.class)
        .hasMessageContaining("NtChallengeResponse")
        .hasMessageContaining("points outside");
  }

  @Test
  void rejectsLengthRunningPastTheEnd() {
    byte[] hostile = withShort(SPEC_AUTHENTICATE, 36, 0xffff);

    assertThatThrownBy(() -> AuthenticateMessage.parse(hostile))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("UserName");
  }

  @Test
  void rejectsHugeMessage() {
    byte[] huge = Arrays.copyOf(SPEC_AUTHENTICATE, 64 * 1024);

    assertThatThrownBy(() -> AuthenticateMessage.parse(huge))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("at most");
  }

  @Test
  void rejectsHugeUserName() {
    byte[] message = Arrays.copyOf(SPEC_AUTHENTICATE, 72 + 2000);
    byte[] hostile = withInt(withShort(message, 36, 2000), 40, 72);

    assertThatThrownBy(() -> AuthenticateMessage.parse(hostile))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("UserName");
  }

  @Test
  void rejectsWrongSignatureAndWrongType() {
    byte[] badSignature = SPEC_AUTHENTICATE.clone();
    badSignature[0] = 'X';
    byte[] type2 = withInt(SPEC_AUTHENTICATE, 8, 2);

    assertThatThrownBy(() -> AuthenticateMessage.parse(badSignature))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("signature");
    assertThatThrownBy(() -> AuthenticateMessage.parse(type2))
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("type 3");
  }

  @Test
  void rejectsMicFieldOverlappedByPayload() throws Exception {
    AuthenticateMessage message = AuthenticateMessage.parse(SPEC_AUTHENTICATE);

    assertThatThrownBy(message::withMicZeroed)
        .isInstanceOf(MalformedNtlmException.class).hasMessageContaining("after the MIC");
  }

  @Test
  void mutatedMessagesFailOnlyWithTypedException() {
    Random random = new Random(4242);
    ChallengeMessage challenge = ChallengeMessageTest.specChallenge();
    for (int i = 0; i < 5000; i++) {
      byte[] mutated = SPEC_AUTHENTICATE.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        NtlmVerifier.verify(new byte[0], challenge, AuthenticateMessage.parse(mutated), "pw");
      } catch (MalformedNtlmException expected) {
        assertThat(expected).hasMessageNotContaining("Password");
      }
    }
  }

  @Test
  void toStringShowsNoResponses() throws Exception {
    String text = AuthenticateMessage.parse(SPEC_AUTHENTICATE).toString();

    assertThat(text).contains("User").doesNotContain("68cd0ab8").doesNotContain("[B@");
  }

  static byte[] withInt(byte[] message, int at, int value) {
    byte[] copy = message.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return copy;
  }

  static byte[] withShort(byte[] message, int at, int value) {
    byte[] copy = message.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    return copy;
  }
}
