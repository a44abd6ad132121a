package io.github.proxyauth.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A socket's input stream that, while armed, ends every read at an absolute deadline, so that a
 * proxy dripping bytes cannot stretch a step the way it can stretch a read timeout (each byte
 * restarts that). Put it under any buffering. Disarmed, reads wait the socket's idle timeout.
 * Not thread-safe: armed and read by the thread running the handshake.
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final Socket socket;
  private final int idleMillis;
  private long deadline = Long.MAX_VALUE;
  private long completion = Long.MAX_VALUE;
  private String step = "";
  private final byte[] one = new byte[1];

  /** Returns a stream over {@code socket}'s input; {@code idleMillis} is its timeout when disarmed. */
  public DeadlineInputStream(Socket socket, int idleMillis) throws IOException {
    super(socket.getInputStream());
    this.socket = socket;
    this.idleMillis = idleMillis;
  }

  /** Thrown when an armed step missed its deadline. */
  public static final class StepTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;
    private final String step;

    StepTimeoutException(String step) {
      super("deadline of " + step + " passed");
      this.step = step;
    }

    /** Returns the step that missed its deadline, as a phrase ("the answer to CONNECT"). */
    public String step() {
      return step;
    }
  }

  /**
   * Ends reads at {@code deadlineNanos} ({@link System#nanoTime()} based), and once a byte
   * arrived at most {@code completionNanos} later (for a head that must not drip), throwing a
   * {@link StepTimeoutException} naming {@code step}.
   */
  public void arm(long deadlineNanos, long completionNanos, String step) {
    this.deadline = deadlineNanos;
    this.completion = completionNanos;
    this.step = step;
  }

  /** Returns to plain reads with the idle timeout. */
  public void disarm() throws SocketException {
    deadline = Long.MAX_VALUE;
    completion = Long.MAX_VALUE;
    socket.setSoTimeout(idleMillis);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    if (deadline == Long.MAX_VALUE && completion == Long.MAX_VALUE) {
      return in.read(buffer, off, len);
    }
    long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    if (left <= 0) {
      throw new StepTimeoutException(step);
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
    boolean byDeadline = deadline != Long.MAX_VALUE && (idleMillis == 0 || millis <= idleMillis);
    socket.setSoTimeout(byDeadline ? millis : idleMillis);
    int n;
    try {
      n = in.read(buffer, off, len);
    } catch (SocketTimeoutException e) {
      if (byDeadline) {
        throw new StepTimeoutException(step);
      }
      throw e; // the idle timeout came first
    }
    if (n > 0 && completion != Long.MAX_VALUE) {
      deadline = Math.min(deadline, System.nanoTime() + completion);
      completion = Long.MAX_VALUE;
    }
    return n;
  }
}
