package io.github.proxyauth.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A socket's input stream that, while armed, ends every read at an absolute deadline, so that a
 * proxy dripping bytes cannot stretch a step the way it can stretch a read timeout (each byte
 * restarts that). Put it under any buffering. Disarmed, reads wait the socket's idle timeout.
 * A {@link Watch} makes a waiting read look up every {@link #POLL_MILLIS} ms whether anyone still
 * wants its bytes (a relay's client that went away), and give up at once when not. Not
 * thread-safe: armed, watched and read by the thread running the handshake.
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final Socket socket;
  private final int idleMillis;
  private long deadline = Long.MAX_VALUE;
  private long completion = Long.MAX_VALUE;
  private String step = "";
  private final byte[] one = new byte[1];
  private @Nullable Watch watch;
  private String watched = "";
  private long lastAsked;

  /** How often a watched read that waits asks its {@link Watch}. */
  public static final int POLL_MILLIS = 250;

  /** Tells a waiting read whether the work it does was given up (the requester went away). */
  @FunctionalInterface
  public interface Watch {
    /** Returns true when nobody wants the result any more; runs on the reading thread. */
    boolean abandoned();
  }

  /** Thrown when a watched read gave up because its {@link Watch} said the work was abandoned. */
  public static final class AbandonedException extends IOException {
    private static final long serialVersionUID = 1L;

    AbandonedException(String why) {
      super(why);
    }
  }

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

  /**
   * Makes waiting reads ask {@code watch} every {@link #POLL_MILLIS} ms, and throw an {@link
   * AbandonedException} with message {@code why} when it answers true.
   */
  public void watch(Watch watch, String why) {
    this.watch = watch;
    this.watched = why;
    this.lastAsked = System.nanoTime();
  }

  /** Stops asking the watch (before another thread reads, as a tunnel's pump does). */
  public void unwatch() throws SocketException {
    watch = null;
    socket.setSoTimeout(idleMillis);
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
    if (watch == null && deadline == Long.MAX_VALUE && completion == Long.MAX_VALUE) {
      return in.read(buffer, off, len);
    }
    long idleEnd = idleMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + idleMillis * 1_000_000L;
    while (true) {
      socket.setSoTimeout(waitMillis(idleEnd));
      int n;
      try {
        n = in.read(buffer, off, len);
      } catch (SocketTimeoutException e) {
        timedOut(idleEnd, e);
        continue; // only the watch's poll interval passed
      }
      if (n > 0 && completion != Long.MAX_VALUE) {
        deadline = Math.min(deadline, System.nanoTime() + completion);
        completion = Long.MAX_VALUE;
      }
      askIfDue(); // a proxy dripping bytes faster than the poll interval is asked about too
      return n;
    }
  }

  /** Returns the socket timeout for the next wait: the nearest of deadline, idle end and poll. */
  private int waitMillis(long idleEnd) throws StepTimeoutException {
    long now = System.nanoTime();
    long left = Long.MAX_VALUE;
    if (deadline != Long.MAX_VALUE) {
      left = deadline - now;
      if (left <= 0) {
        throw new StepTimeoutException(step);
      }
    }
    if (idleEnd != Long.MAX_VALUE) {
      left = Math.min(left, Math.max(1, idleEnd - now));
    }
    if (watch != null) {
      left = Math.min(left, POLL_MILLIS * 1_000_000L);
    }
    return left == Long.MAX_VALUE ? 0
        : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
  }

  /** Throws for the wait that ended: the step's deadline, the idle timeout, or the watch. */
  private void timedOut(long idleEnd, SocketTimeoutException e) throws IOException {
    long now = System.nanoTime();
    if (deadline != Long.MAX_VALUE && deadline - now <= 0) {
      throw new StepTimeoutException(step);
    }
    if (idleEnd != Long.MAX_VALUE && idleEnd - now <= 0) {
      throw e; // the idle timeout came first
    }
    ask();
  }

  private void askIfDue() throws AbandonedException {
    if (watch != null && System.nanoTime() - lastAsked >= POLL_MILLIS * 1_000_000L) {
      ask();
    }
  }

  private void ask() throws AbandonedException {
    Watch w = watch;
    lastAsked = System.nanoTime();
    if (w != null && w.abandoned()) {
      throw new AbandonedException(watched);
    }
  }
}
