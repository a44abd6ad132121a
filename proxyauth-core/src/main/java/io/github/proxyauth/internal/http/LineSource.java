package io.github.proxyauth.internal.http;

import java.io.IOException;

/**
 * A buffered stream that gives {@link HeadReader} the bytes of a line at once: what it already
 * holds of the line, never a byte after the line's LF. Reading a head byte by byte through a
 * stack of streams (a virtual call and a lock per byte) was the relay's largest cost in Java code
 * per request.
 */
public interface LineSource {
  /**
   * Copies up to {@code len} bytes to {@code dst} at {@code off}, ending after the first LF (which
   * is copied); blocks only when nothing is buffered. Returns how many were copied, -1 at the end
   * of the stream.
   */
  int readLine(byte[] dst, int off, int len) throws IOException;
}
