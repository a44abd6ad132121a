package io.github.proxyauth.internal.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Md4Test {

  // RFC 1320 §A.5 test suite
  @ParameterizedTest
  @CsvSource(value = {
      "'', 31d6cfe0d16ae931b73c59d7e0c089c0",
      "a, bde52cb31de33e46245e05fbdbd6fb24",
      "abc, a448017aaf21d8525fc10ae87aa6729d",
      "message digest, d9130a8164549fe818874806e1c7014b",
      "abcdefghijklmnopqrstuvwxyz, d79e1c308aa5bbcdeea8ed63df412da9",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,"
          + " 043f8582f241db351ce627e153e7f0e4",
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890,"
          + " e33b4ddc9c38f2199c3e7b164fcc0536"})
  void matchesRfc1320TestSuite(String input, String expected) {
    byte[] digest = Md4.digest(input.getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(digest)).isEqualTo(expected);
  }

  @Test
  void agreesWithBouncyCastleAcrossBlockBoundaries() {
    Random random = new Random(7);
    for (int length = 0; length <= 300; length++) {
      byte[] input = new byte[length];
      random.nextBytes(input);
      MD4Digest reference = new MD4Digest();
      reference.update(input, 0, length);
      byte[] expected = new byte[16];
      reference.doFinal(expected, 0);
      assertThat(Md4.digest(input)).as("length %d", length).isEqualTo(expected);
    }
  }
}
