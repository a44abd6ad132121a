package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helpers: messages as Latin-1 text, and the typed failure they must end in. */
final class Wire {
  private Wire() {}

  static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Head response(String text) throws IOException {
    return HeadReader.read(stream(text), Side.RESPONSE).orElseThrow();
  }

  static Head request(String text) throws IOException {
    return HeadReader.read(stream(text), Side.REQUEST).orElseThrow();
  }

  /** Reads a head of {@code side} and its body as the relay would copy it. */
  static String readMessage(String text, Side side) throws IOException {
    InputStream in = stream(text);
    Head head = HeadReader.read(in, side).orElseThrow();
    Framing framing = side == Side.REQUEST ? Framing.ofRequest(head)
        : Framing.ofResponse(head, "GET", head.status());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bodies.copy(in, out, framing);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Asserts that {@code call} fails with {@code violation} on {@code side}; returns the failure. */
  static HttpProtocolException failsWith(ThrowingCallable call, Side side, Violation violation) {
    HttpProtocolException e = catchThrowableOfType(HttpProtocolException.class, call);
    assertThat(e).as("an HttpProtocolException").isNotNull();
    assertThat(e.violation()).as(e.getMessage()).isEqualTo(violation);
    assertThat(e.side()).isEqualTo(side);
    assertThat(e.getMessage()).startsWith("Expected ").contains(", got ");
    return e;
  }
}
