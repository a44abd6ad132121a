package io.github.proxyauth.relay.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keeps a copy of a request body as it is sent, up to a limit, so that it can be sent again when
 * the proxy challenges the request after the body went out. Past the limit it only counts.
 */
final class TeeBuffer extends OutputStream {
  private final int limit;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
  private boolean overflowed;

  TeeBuffer(int limit) {
    this.limit = limit;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (limit == 0 || overflowed) {
      return;
    }
    if (copy.size() + length > limit) {
      overflowed = true;
      copy.reset();
      return;
    }
    copy.write(bytes, offset, length);
  }

  /** Returns whether every byte sent so far is kept. */
  boolean replayable() {
    return limit > 0 && !overflowed;
  }

  /** Writes the kept bytes (the body with its original framing). */
  void replay(OutputStream out) throws IOException {
    copy.writeTo(out);
  }
}
