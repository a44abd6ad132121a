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
 * ms. The client is gone when its connection is closed or reset. The end of its stream alone is
 * a half-close ({@code printf ... | nc -q}) or a full close, which look alike to the relay (after
 * a FIN even a reset shows only as the end of the stream). So at the end of the stream the relay
 * sends the client one TCP urgent byte at each of two polls ({@link Socket#sendUrgentData}): a
 * client that closed fully answers the first with a reset, so the second send fails, gone within
 * two polls; one that only half-closed reads on and gets its response, as the urgent byte is not
 * part of its stream (no client sets {@code SO_OOBINLINE}). Unlike an interim {@code 100
 * Continue} this works mid-response and for HTTP/1.0. Bytes the client sent that the relay has
 * not read yet (a request body behind the probe) are looked past, up to {@link #PEEK_LIMIT}; they
 * stay in the client's stream. More unread bytes than that count as alive. Runs on the session's
 * thread, which is the only reader of the client's stream while it waits upstream.
 */
final class ClientWatch implements DeadlineInputStream.Watch {
  static final String GONE = "the client closed its connection to the relay";
  /** Most unread client bytes looked past to see whether the stream ended behind them. */
  static final int PEEK_LIMIT = 64 * 1024;
  /** Urgent bytes sent to a client at its end of stream, the second to see a reset. */
  static final int PROBES = 2;

  private final Socket socket;
  private final InputStream in;
  private int probes;

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
      if (unread <= PEEK_LIMIT && atEnd(unread) && probes < PROBES) {
        probes++;
        socket.sendUrgentData(0); // fails once the client's reset to the previous one came
      }
      return false; // the end of the stream alone: a half-close, it still reads
    } catch (IOException e) {
      return true; // reset, or the probe failed: gone
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
