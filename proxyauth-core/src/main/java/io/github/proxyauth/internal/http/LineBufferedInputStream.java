package io.github.proxyauth.internal.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@link BufferedInputStream} that hands {@link HeadReader} a line's bytes from its buffer in
 * one call ({@link LineSource}), instead of one synchronized {@link #read()} per byte; everything
 * else (mark, reset, skip, bulk reads that bypass the buffer) is the JDK's.
 */
public final class LineBufferedInputStream extends BufferedInputStream implements LineSource {
  /** Returns a stream over {@code in} with a buffer of {@code size} bytes. */
  public LineBufferedInputStream(InputStream in, int size) {
    super(in, size);
  }

  @Override
  public synchronized int readLine(byte[] dst, int off, int len) throws IOException {
    if (len <= 0) {
      return 0;
    }
    int n = 0;
    if (pos >= count) { // nothing buffered: read() fills the buffer (or ends)
      int b = read();
      if (b < 0) {
        return -1;
      }
      dst[off] = (byte) b;
      if (b == '\n' || len == 1) {
        return 1;
      }
      n = 1;
    }
    int end = Math.min(count, pos + len - n);
    int i = pos;
    while (i < end && buf[i] != '\n') {
      i++;
    }
    if (i < end) {
      i++; // the LF ends the line: copy it, nothing after it
    }
    System.arraycopy(buf, pos, dst, off + n, i - pos);
    n += i - pos;
    pos = i;
    return n;
  }
}
