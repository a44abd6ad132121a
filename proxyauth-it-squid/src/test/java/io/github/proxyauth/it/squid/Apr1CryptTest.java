package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Vectors from {@code openssl passwd -apr1 -salt SALT PASSWORD} (OpenSSL 3.0). */
class Apr1CryptTest {

  @Test
  void matchesOpensslForAShortPassword() {
    assertThat(Apr1Crypt.hash("alicepw", "abcdefgh"))
        .isEqualTo("$apr1$abcdefgh$z6DeU7Pkab9ybN1yG6xnP0");
  }

  @Test
  void matchesOpensslForANonAsciiPasswordLongerThanOneDigest() {
    assertThat(Apr1Crypt.hash("pässwörd with a longer text than sixteen", "Zx9.Q/ab"))
        .isEqualTo("$apr1$Zx9.Q/ab$DH7e0i1XObIVoAsvaJgil/");
  }

  @Test
  void matchesOpensslForAnEmptyPasswordAndOneCharacterSalt() {
    assertThat(Apr1Crypt.hash("", "s")).isEqualTo("$apr1$s$e2aCb9PLCjZ2t55SoAxXn.");
  }

  @Test
  void refusesASaltOutsideTheCryptAlphabet() {
    assertThatThrownBy(() -> Apr1Crypt.hash("pw", "bad$salt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad$salt");
  }
}
