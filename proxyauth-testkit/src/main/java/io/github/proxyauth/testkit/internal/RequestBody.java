package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.RecordedRequest.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of one client request, read at most once: streamed to the origin, buffered for Digest
 * auth-int, or discarded after a 407. Sends {@code 100 Continue} only when the body is wanted.
 */
final class RequestBody {
  static final int BUFFER_LIMIT = 1024 * 1024;

  private final InputStream in;
  private final OutputStream client;
  private final Framing framing;
  private final boolean expectContinue;
  private byte @Nullable [] buffered;
  private boolean continued;
  private boolean consumed;

  RequestBody(InputStream in, OutputStream client, Framing framing, boolean expectContinue) {
    this.in = in;
    this.client = client;
    this.framing = framing;
    this.expectContinue = expectContinue && !framing.isEmpty();
  }

  /** Returns the whole body (at most 1 MiB), reading it now if needed. */
  byte[] read() throws IOException {
    if (buffered == null) {
      sendContinue();
      consumed = true;
      buffered = Bodies.readAll(in, framing, BUFFER_LIMIT);
    }
    return buffered;
  }

  /** Returns the header fields to forward, with Content-Length fixed if the body was buffered. */
  List<Header> framingHeaders(List<Header> headers) {
    if (buffered == null) {
      return headers;
    }
    List<Header> out = new ArrayList<>();
    for (Header h : headers) {
      if (!h.name().equalsIgnoreCase("Content-Length")
          && !h.name().equalsIgnoreCase("Transfer-Encoding")) {
        out.add(h);
      }
    }
    out.add(new Header("Content-Length", Integer.toString(buffered.length)));
    return out;
  }

  /** Writes the body to the origin, keeping its framing. */
  void forward(OutputStream origin) throws IOException {
    if (buffered != null) {
      origin.write(buffered);
      return;
    }
    sendContinue();
    consumed = true;
    Bodies.copy(in, origin, framing, true);
  }

  /** Skips an unwanted body; returns false if the connection must close instead. */
  boolean discard() throws IOException {
    if (consumed || framing.isEmpty()) {
      return true;
    }
    if (expectContinue && !continued) {
      return false; // the client may or may not send it: only closing is unambiguous
    }
    try {
      consumed = true;
      Bodies.readAll(in, framing, BUFFER_LIMIT);
      return true;
    } catch (HttpProtocolException e) {
      return false;
    }
  }

  private void sendContinue() throws IOException {
    if (expectContinue && !continued) {
      continued = true;
      Bodies.writeAscii(client, "HTTP/1.1 100 Continue\r\n\r\n");
      client.flush();
    }
  }
}
