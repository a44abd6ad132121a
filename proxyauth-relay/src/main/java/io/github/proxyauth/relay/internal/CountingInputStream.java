package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.LineSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, for the access log. Confined to one reading thread at a time
 * (a later reader sees the count after a happens-before edge, such as a thread join).
 */
final class CountingInputStream extends FilterInputStream implements LineSource {
  private long count;

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = in.read(bytes, offset, length);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  /** Hands over a line at once when the stream under it can, else one byte. */
  @Override
  public int readLine(byte[] bytes, int offset, int length) throws IOException {
    int n;
    if (in instanceof LineSource source) {
      n = source.readLine(bytes, offset, length);
    } else {
      int b = in.read();
      if (b >= 0) {
        bytes[offset] = (byte) b;
      }
      n = b < 0 ? -1 : 1;
    }
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count += skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would count bytes twice
  }
}
