package io.github.proxyauth.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/** Proves which OkHttp the adapter tests ran against (the build runs them on 5.x and 4.12). */
class OkHttpVersionTest {

  @Test
  void runsAgainstTheExpectedOkHttpMajorVersion() throws Exception {
    // Read reflectively: the constant would be inlined at compile time.
    String version = (String) OkHttp.class.getField("VERSION").get(null);

    assertThat(version).startsWith(System.getProperty("okhttp.expected", "5") + ".");
  }
}
