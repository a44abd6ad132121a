package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with an overall deadline until {@link #clear()}: each read waits at most the
 * time left, so a client dripping one byte at a time cannot stretch its first request head past
 * the deadline (a per-read timeout alone would allow it).
 */
final class DeadlineInputStream extends InputStream {
  private final Socket socket;
  private final InputStream in;
  private long deadlineNanos;

  DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.deadlineNanos = deadlineNanos;
  }

  /** Ends the deadline: later reads use the socket's own timeout. */
  void clear() {
    deadlineNanos = 0;
  }

  @Override
  public int read() throws IOException {
    int timeout = arm();
    try {
      return in.read();
    } finally {
      restore(timeout);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int timeout = arm();
    try {
      return in.read(b, off, len);
    } finally {
      restore(timeout);
    }
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Shortens the socket timeout to the time left; returns the timeout to restore, or -1. */
  private int arm() throws IOException {
    if (deadlineNanos == 0) {
      return -1;
    }
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("no complete request head within "
          + PendingConnections.FIRST_HEAD_MILLIS / 1000 + " s");
    }
    int timeout = socket.getSoTimeout();
    if (timeout == 0 || left < timeout) {
      socket.setSoTimeout((int) Math.max(1, left));
    }
    return timeout;
  }

  private void restore(int timeout) throws IOException {
    if (timeout >= 0 && !socket.isClosed()) {
      socket.setSoTimeout(timeout);
    }
  }
}
