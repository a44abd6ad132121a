package io.github.proxyauth.jdkhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {"X-A: a\rInjected: 1", "X-A: a\u0000b", "X-A: a\u000bb",
      "X-A: a\u007fb"})
  void rejectsControlCharactersInsideAFieldValue(String field) {
    HttpFailure e = catchThrowableOfType(HttpFailure.class,
        () -> read("GET http://o.test/ HTTP/1.1\r\n" + field + "\r\n\r\n"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("control character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Transfer-Encoding\t: chunked", "Content\u000bLength: 5",
      "X(y): 1", "Bad Name: 1", " folded: 1"})
  void rejectsFieldNamesThatAreNotTokens(String field) {
    HttpFailure e = catchThrowableOfType(HttpFailure.class,
        () -> read("GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n" + field + "\r\n\r\n"));

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void rejectsABareCarriageReturnInTheRequestLine() {
    HttpFailure e = catchThrowableOfType(HttpFailure.class,
        () -> read("GET http://o.test/\rX HTTP/1.1\r\n\r\n"));

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void acceptsBareLineFeedsTabsAndObsText() throws IOException {
    Head head = read("GET http://o.test/ HTTP/1.1\nX-A: a\tb \u00e9\n\n").orElseThrow();

    assertThat(head.value("X-A")).contains("a\tb \u00e9");
  }

  @Test
  void failsWithTheGivenStatusOnAnOverlongHead() {
    HttpFailure e = catchThrowableOfType(HttpFailure.class, () -> HeadReader.read(
        stream("HTTP/1.1 200 OK\r\nX: " + "y".repeat(200) + "\r\n\r\n"), 100, 502));

    assertThat(e.status()).isEqualTo(502);
  }

  private static Optional<Head> read(String text) throws IOException {
    return HeadReader.read(stream(text), 64 * 1024, 400);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
