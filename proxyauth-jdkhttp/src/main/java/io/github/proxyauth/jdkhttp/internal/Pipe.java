package io.github.proxyauth.jdkhttp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;

/**
 * Copies bytes both ways between a client and an upstream socket: one thread per direction, 64 KiB
 * reads, no per-byte work. An end of stream half-closes the other side; an error or a silence
 * longer than the idle timeout in both directions closes both.
 */
final class Pipe {
  private final Relay relay;
  private final Socket client;
  private final Socket upstream;
  private final long idleNanos;
  private volatile long lastActivity = System.nanoTime();

  private Pipe(Relay relay, Socket client, Socket upstream) {
    this.relay = relay;
    this.client = client;
    this.upstream = upstream;
    this.idleNanos = relay.config().idleTimeout().toNanos();
  }

  /** Pipes until both directions ended; {@code clientIn}/{@code upstreamIn} may hold buffered bytes. */
  static void run(Relay relay, Socket client, InputStream clientIn, Socket upstream,
      InputStream upstreamIn) throws IOException {
    Pipe pipe = new Pipe(relay, client, upstream);
    CountDownLatch down = new CountDownLatch(1);
    boolean started = relay.execute(() -> {
      try {
        pipe.pump(upstreamIn, client);
      } finally {
        down.countDown();
      }
    });
    if (!started) {
      pipe.closeBoth();
      return;
    }
    pipe.pump(clientIn, upstream);
    try {
      down.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pipe.closeBoth();
    }
  }

  private void pump(InputStream in, Socket to) {
    byte[] buffer = new byte[Bodies.BUFFER];
    try {
      OutputStream out = to.getOutputStream();
      for (int n; (n = read(in, buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        lastActivity = System.nanoTime();
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
    relay.forget(client);
    relay.forget(upstream);
  }
}
