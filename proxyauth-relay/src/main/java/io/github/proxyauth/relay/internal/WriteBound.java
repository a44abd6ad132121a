package io.github.proxyauth.relay.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
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
 */
final class WriteBound extends FilterOutputStream {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Socket socket;
  private final Runnable close;
  private volatile long boundMillis;
  private volatile String bound = "the idle timeout";
  private volatile boolean stalled;

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
    ScheduledFuture<?> timeout = TIMER.schedule(this::stall, millis, TimeUnit.MILLISECONDS);
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw stalled ? stalled(e, millis) : e;
    } finally {
      timeout.cancel(false);
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
