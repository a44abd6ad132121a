package io.github.proxyauth.okhttp.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * The handshake deadline of one call: runs while the call is in a proxy handshake (the adapter
 * says when: {@link #run}, {@link #pause}, {@link #reset}) and cancels the call ({@link
 * Call#cancel()}) when the time it ran since the last reset reaches the timeout. OkHttp has no
 * call timeout by default and reads a proxy's answer with a per-read timeout only, so without it a
 * proxy dripping its answer holds the call. One timer thread for the whole JVM (a daemon, gone
 * after 5 s without deadlines); a reset or a pause removes the call's task at once, so the timer
 * keeps no call alive after its handshake. Thread-safe.
 */
public final class HandshakeClock {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Call call;
  private final long timeoutNanos;
  private long spentNanos;
  private long startedNanos;
  private long generation;
  private @Nullable ScheduledFuture<?> pending;
  private volatile boolean expired;

  HandshakeClock(Call call, Duration timeout) {
    this.call = call;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Returns how many deadlines the timer holds now, over all calls: 0 once none runs. */
  public static int scheduled() {
    return TIMER.getQueue().size();
  }

  /** Lets the clock run (from where it was paused), unless it runs already. */
  synchronized void run() {
    if (pending != null || expired) {
      return;
    }
    startedNanos = System.nanoTime();
    long mine = ++generation;
    pending = TIMER.schedule(() -> expire(mine), Math.max(0, timeoutNanos - spentNanos),
        TimeUnit.NANOSECONDS);
  }

  /** Stops the clock, keeping the time it ran (an upload is being written). */
  synchronized void pause() {
    if (pending == null) {
      return;
    }
    pending.cancel(false);
    pending = null;
    generation++;
    spentNanos += System.nanoTime() - startedNanos;
  }

  /** Stops the clock and forgets the time it ran: the handshake is over. */
  synchronized void reset() {
    pause();
    spentNanos = 0;
  }

  /** Returns whether this clock cancelled the call. */
  boolean expired() {
    return expired;
  }

  private void expire(long mine) {
    synchronized (this) {
      if (mine != generation || pending == null) {
        return; // paused or reset meanwhile
      }
      pending = null;
      expired = true;
    }
    call.cancel();
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "proxyauth okhttp handshake deadline");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }
}
