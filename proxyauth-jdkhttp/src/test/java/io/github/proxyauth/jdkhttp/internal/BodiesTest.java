package io.github.proxyauth.jdkhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {

  @Test
  void reframesChunkSizesWithoutTheirExtensions() throws IOException {
    String copied = copyChunked("5;ext=\"a\rX-Injected: 1\"\r\nhello\r\n0\r\n\r\n");

    assertThat(copied).isEqualTo("5\r\nhello\r\n0\r\n\r\n");
  }

  @Test
  void keepsValidTrailers() throws IOException {
    String copied = copyChunked("3\r\nabc\r\n0\r\nX-Sum:  9 \r\n\r\n");

    assertThat(copied).isEqualTo("3\r\nabc\r\n0\r\nX-Sum: 9\r\n\r\n");
  }

  @Test
  void rejectsATrailerThatIsNotAField() {
    assertThatThrownBy(() -> copyChunked("0\r\nnot a field\r\n\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("header field");
  }

  @Test
  void rejectsAnEndlessTrailerSection() {
    String trailers = ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(100);

    assertThatThrownBy(() -> copyChunked("0\r\n" + trailers + "\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("trailer section");
  }

  private static String copyChunked(String body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bodies.copy(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), out,
        Framing.CHUNKED, TeeBuffer.NONE);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
