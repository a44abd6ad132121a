package io.github.proxyauth.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Copies bytes both ways between two sockets of an established tunnel: one thread per direction,
 * large reads, no per-byte work. An end of stream half-closes the other side; an error or a
 * silence longer than the idle timeout in both directions closes both. The sockets' read timeout
 * is the polling interval for that check. Buffers start small and grow on the first full read.
 *
 * <p>Writes are not timed one by one: a write blocked on a peer that stopped reading moves no
 * byte, so once the other direction is silent too the idle check closes both sockets, which ends
 * the write. The bound for an established tunnel is thus the idle timeout after the last byte
 * moved either way (at most twice it, counting the poll). While the other direction still moves
 * bytes the tunnel is in use and stays open.
 */
public final class TunnelPump {
  /**
   * The first read buffer of each direction: idle and chatty tunnels stay small (a local proxy
   * holds hundreds); a read that fills it switches to {@link Bodies#BUFFER}.
   */
  static final int FIRST_BUFFER = 8 * 1024;

  private final Socket client;
  private final Socket upstream;
  private final long idleNanos;
  private final Consumer<Socket> closer;
  private volatile long lastActivity = System.nanoTime();

  private TunnelPump(Socket client, Socket upstream, Duration idle, Consumer<Socket> closer) {
    this.client = client;
    this.upstream = upstream;
    this.idleNanos = idle.toNanos();
    this.closer = closer;
  }

  /**
   * Pumps until both directions ended, upstream-to-client on a thread of {@code executor}.
   * {@code clientIn} and {@code upstreamIn} may hold bytes already buffered; {@code closer} closes
   * a socket (and forgets it, for a relay that tracks its sockets).
   */
  public static void run(Executor executor, Socket client, InputStream clientIn, Socket upstream,
      InputStream upstreamIn, Duration idle, Consumer<Socket> closer) {
    TunnelPump pump = new TunnelPump(client, upstream, idle, closer);
    CountDownLatch down = new CountDownLatch(1);
    try {
      executor.execute(() -> {
        try {
          pump.pump(upstreamIn, client);
        } finally {
          down.countDown();
        }
      });
    } catch (RejectedExecutionException e) {
      pump.closeBoth();
      return;
    }
    pump.pump(clientIn, upstream);
    try {
      down.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pump.closeBoth();
    }
  }

  private void pump(InputStream in, Socket to) {
    byte[] buffer = new byte[FIRST_BUFFER];
    try {
      OutputStream out = to.getOutputStream();
      for (int n; (n = read(in, buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        lastActivity = System.nanoTime();
        if (n == buffer.length && buffer.length < Bodies.BUFFER) {
          buffer = new byte[Bodies.BUFFER]; // a bulk transfer: large reads from now on
        }
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeBoth();
    }
  }

  private int read(InputStream in, byte[] buffer) throws IOException {
    while (true) {
      try {
        return in.read(buffer);
      } catch (SocketTimeoutException e) {
        if (System.nanoTime() - lastActivity >= idleNanos) {
          throw e; // both directions silent for the idle timeout
        }
      }
    }
  }

  private void closeBoth() {
    closer.accept(client);
    closer.accept(upstream);
  }
}
