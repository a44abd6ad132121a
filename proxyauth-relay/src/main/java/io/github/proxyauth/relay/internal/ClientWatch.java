package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.DeadlineInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Tells the relay's upstream reads whether the client they work for is still there, so that a
 * client that gave up (its request timeout fired, it closed the connection) stops the handshake,
 * the wait for a silent proxy or the copy of a body within {@link DeadlineInputStream#POLL_MILLIS}
 * ms. The client is gone when its connection is closed, reset, or at its end: a half-close counts,
 * as in Squid ({@code half_closed_clients off}) and nginx. Bytes the client sent that the relay
 * has not read yet (a request body behind the probe) are looked past, up to {@link #PEEK_LIMIT};
 * they stay in the client's stream. More unread bytes than that count as alive. Runs on the session's thread, which is
 * the only reader of the client's stream while it waits upstream.
 */
final class ClientWatch implements DeadlineInputStream.Watch {
  static final String GONE = "the client closed its connection to the relay";
  /** Most unread client bytes looked past to see whether the stream ended behind them. */
  static final int PEEK_LIMIT = 64 * 1024;

  private final Socket socket;
  private final InputStream in;

  ClientWatch(Socket socket, InputStream in) {
    this.socket = socket;
    this.in = in;
  }

  @Override
  public boolean abandoned() {
    if (socket.isClosed()) {
      return true;
    }
    try {
      int unread = in.available();
      return unread <= PEEK_LIMIT && atEnd(unread);
    } catch (IOException e) {
      return true; // reset: gone as well
    }
  }

  /**
   * Returns whether the stream ends right after its {@code unread} bytes: peeks one byte behind
   * them with a 1 ms timeout. Every byte read stays in the buffered stream (mark and reset).
   */
  private boolean atEnd(int unread) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(1);
    in.mark(unread + 1);
    try {
      for (long skipped = 0; skipped < unread; ) {
        long n = in.skip(unread - skipped);
        if (n <= 0) {
          return false; // cannot look further: count it as alive
        }
        skipped += n;
      }
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false; // nothing more to read: the client is waiting for its answer
    } finally {
      in.reset();
      socket.setSoTimeout(timeout);
    }
  }
}
