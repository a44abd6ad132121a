package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code -v} masks credentials without giving away their length (issue 16, item 5). */
class VerboseTest {

  @Test
  void basicCredentialsOfDifferentLengthsLookTheSame() {
    String shortOne = Verbose.header("Proxy-Authorization", basic("alice:pw"));
    String longOne = Verbose.header("Proxy-Authorization", basic("alice:canary-a-much-longer-pw"));

    assertThat(shortOne).isEqualTo("Proxy-Authorization: Basic <redacted>").isEqualTo(longOne);
    assertThat(Verbose.header("Proxy-Relay-Token", "s3cret-token")).doesNotContain("s3cret")
        .doesNotContainPattern("\\d");
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }
}
