package io.github.proxyauth.relay.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A socket's output stream whose every write must finish within a bound: a peer that stopped
 * reading fills the socket's buffers and would hold a blocked write (and the relay thread) forever,
 * as no socket timeout applies to writes. When one write takes longer, the socket is closed and the
 * write fails with a 504 naming the bound. The bound is the idle timeout, and the handshake
 * deadline (when shorter) while a request is being sent upstream ({@link #bound}); a write that
 * makes progress is never cut, however long the upload. One shared daemon timer thread, which ends
 * when idle. An established tunnel does not write through here: see {@code TunnelPump}.
 *
 * <p>Writes are not scheduled one by one: each write only records its deadline, and a check is
 * scheduled only when none is due by then (the first write, or a shorter bound); it looks at the
 * write in progress when it fires and schedules itself again for that write's deadline. So a stream of short writes costs the timer nothing
 * (scheduling and cancelling every write woke the timer thread twice per relayed request). The
 * check holds the stream weakly: a dropped connection is not kept until its check fires.
 */
final class WriteBound extends FilterOutputStream {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Socket socket;
  private final Runnable close;
  private volatile long boundMillis;
  private volatile String bound = "the idle timeout";
  private volatile boolean stalled;
  /** The deadline ({@link System#nanoTime()}) of the write in progress, 0 when none is. */
  private volatile long deadline;
  /** When ({@link System#nanoTime()}) the earliest scheduled check fires, 0 when none is. */
  private volatile long checkAt;

  WriteBound(Socket socket, Runnable close, long boundMillis) throws IOException {
    super(socket.getOutputStream());
    this.socket = socket;
    this.close = close;
    this.boundMillis = boundMillis;
  }

  /** Bounds the next writes by {@code millis}; {@code what} names the bound in the 504. */
  void bound(long millis, String what) {
    boundMillis = millis;
    bound = what;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "proxyauth-write-bound");
      t.setDaemon(true);
      return t;
    });
    timer.setKeepAliveTime(2, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    long millis = boundMillis;
    long due = Math.max(1, System.nanoTime() + millis * 1_000_000L);
    deadline = due;
    long at = checkAt;
    if (at == 0 || due - at < 0) { // no check comes by this write's deadline
      checkAt = due;
      schedule(new Check(this), millis * 1_000_000L);
    }
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw stalled ? stalled(e, millis) : e;
    } finally {
      deadline = 0;
    }
  }

  /** Returns how many checks all streams have scheduled so far (for tests). */
  static long scheduled() {
    return TIMER.getTaskCount();
  }

  private static void schedule(Check check, long nanos) {
    TIMER.schedule(check, Math.max(1, nanos), TimeUnit.NANOSECONDS);
  }

  /** Returns the delay until the next check (nanos), or 0 when no write is in progress. */
  private long check() {
    long due = deadline;
    if (due == 0) {
      checkAt = 0;
      // A write that began before checkAt went down scheduled nothing: look again.
      return deadline != 0 ? 1 : 0;
    }
    long left = due - System.nanoTime();
    if (left <= 0) {
      stall();
      return 0;
    }
    checkAt = due;
    return left;
  }

  /** The pending check of one stream; holds it weakly. */
  private static final class Check implements Runnable {
    private final WeakReference<WriteBound> stream;

    Check(WriteBound stream) {
      this.stream = new WeakReference<>(stream);
    }

    @Override
    public void run() {
      WriteBound s = stream.get();
      if (s != null) {
        long next = s.check();
        if (next > 0) {
          schedule(this, next);
        }
      }
    }
  }

  private void stall() {
    stalled = true;
    close.run();
  }

  private HttpFailure stalled(IOException e, long millis) {
    String peer = socket.getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getHostString() + ":" + a.getPort() : "";
    return new HttpFailure(504, "The peer " + peer + " stopped reading: a write made no progress"
        + " for " + millis + " ms (" + bound + "), so the connection was closed", e);
  }
}
