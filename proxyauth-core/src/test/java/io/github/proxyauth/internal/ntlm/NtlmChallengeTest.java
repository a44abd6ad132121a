package io.github.proxyauth.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NtlmChallengeTest {
  static final String PROXY = "proxy.example.com:3128";
  static final byte[] GOOD = Type2s.message(Type2s.FLAGS, new byte[8],
      Type2s.targetInfo("DOMAIN", "PROXY", 133_000_000_000_000_000L));

  @Test
  void acceptsWellFormedChallengeWithTimestamp() throws Exception {
    NtlmChallenge challenge = NtlmChallenge.parse(GOOD, PROXY);
    assertThat(challenge.hasTimestamp()).isTrue();
    assertThat(challenge.raw()).isEqualTo(GOOD);
  }

  @Test
  void rejectsTruncatedMessage() {
    assertThatThrownBy(() -> NtlmChallenge.parse(Arrays.copyOf(GOOD, 20), PROXY))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("NTLM challenge from proxy proxy.example.com:3128: Type 2 message is 20 bytes,"
            + " shorter than the 32-byte header");
  }

  @Test
  void rejectsTargetInfoOffsetBeyondMessage() {
    byte[] bad = with(GOOD, 44, 900);
    assertThatThrownBy(() -> NtlmChallenge.parse(bad, PROXY))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("target info offset 900 length ")
        .hasMessageContaining("beyond message length " + GOOD.length);
  }

  @Test
  void rejectsTargetNameOffsetThatOverflowsAnInt() {
    byte[] bad = with(GOOD, 16, 0xfffffffc);
    assertThatThrownBy(() -> NtlmChallenge.parse(bad, PROXY))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("target name offset 4294967292");
  }

  @Test
  void rejectsAvPairLongerThanTargetInfo() {
    byte[] info = Type2s.targetInfo("DOMAIN", "PROXY", -1);
    info[2] = (byte) 0xff; // first pair claims 255 bytes
    assertThatThrownBy(() -> parse(info))
        .hasMessageContaining("AV pair 2 at target info offset 0 has length 255 beyond target info"
            + " length " + info.length);
  }

  @Test
  void rejectsTargetInfoWithoutTerminator() {
    byte[] info = Type2s.targetInfo("DOMAIN", "PROXY", -1);
    byte[] cut = Arrays.copyOf(info, info.length - 4);
    assertThatThrownBy(() -> parse(cut)).hasMessageContaining("without the MsvAvEOL terminator");
  }

  @Test
  void rejectsTimestampOfWrongLength() {
    byte[] info = Type2s.targetInfo("DOMAIN", "PROXY", 1);
    int at = info.length - 4 - 12;
    info[at + 2] = 4;
    byte[] shortened = new byte[info.length - 4];
    System.arraycopy(info, 0, shortened, 0, at + 8);
    System.arraycopy(info, at + 12, shortened, at + 8, 4);
    assertThatThrownBy(() -> parse(shortened))
        .hasMessageContaining("AV pair 7 must be 8 bytes long, is 4");
  }

  @Test
  void rejectsHugeTokenBeforeDecodingIt() {
    String huge = "A".repeat(100_000);
    assertThatThrownBy(() -> NtlmChallenge.decode(huge, PROXY))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("token is 100000 characters, more than the 87384 allowed (64 KiB");
  }

  @Test
  void rejectsWrongSignature() {
    byte[] bad = GOOD.clone();
    bad[0] = 'X';
    assertThatThrownBy(() -> NtlmChallenge.parse(bad, PROXY))
        .hasMessageEndingWith("expected signature 'NTLMSSP\\0', saw hex 58544c4d53535000");
  }

  @Test
  void rejectsTypeOneMessageEchoedBack() {
    byte[] bad = with(GOOD, 8, 1);
    assertThatThrownBy(() -> NtlmChallenge.parse(bad, PROXY))
        .hasMessageEndingWith("expected message type 2 (CHALLENGE), saw 1");
  }

  @Test
  void rejectsBadBase64() {
    assertThatThrownBy(() -> NtlmChallenge.decode("not*base64", PROXY))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageStartingWith("NTLM challenge from proxy proxy.example.com:3128: token is not"
            + " valid base64");
  }

  @Test
  void hostileChallengesNeverEscapeAsRuntimeExceptions() {
    SplittableRandom random = new SplittableRandom(2026);
    Credentials alice = Credentials.of("DOMAIN\\alice", "Canary-Pw-7731".toCharArray());
    byte[] type1 = Base64.getDecoder().decode("TlRMTVNTUAABAAAAFYIIYgAAAAAAAAAAAAAAAAAAAAA=");
    for (int i = 0; i < 3_000; i++) {
      byte[] mutated = mutate(GOOD, random);
      try {
        NtlmChallenge challenge = NtlmChallenge.parse(mutated, PROXY);
        JcifsNtlmEngine.INSTANCE.authenticate(type1, challenge, alice, "HTTP/proxy",
            Optional.empty(), random::nextLong);
      } catch (ProxyAuthException expected) {
        assertThat(expected.getMessage()).doesNotContain("Canary");
      }
    }
  }

  private static byte[] mutate(byte[] message, SplittableRandom random) {
    byte[] copy = Arrays.copyOf(message, random.nextInt(message.length + 16));
    for (int flips = random.nextInt(1, 6); flips > 0; flips--) {
      if (copy.length > 0) {
        copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      }
    }
    return copy;
  }

  private static void parse(byte[] targetInfo) throws ProxyAuthException {
    NtlmChallenge.parse(Type2s.message(Type2s.FLAGS, new byte[8], targetInfo), PROXY);
  }

  private static byte[] with(byte[] message, int at, int value) {
    byte[] copy = message.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return copy;
  }
}
