package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A hostile upstream proxy on 127.0.0.1 that keeps a relay busy for as long as the relay lets it:
 * each {@link Behaviour} reads a request head and then never lets the exchange end on its own.
 * Records when it saw its last connection closed by the relay (the relay's upstream work ended).
 */
final class HostileUpstream implements AutoCloseable {
  /** How the proxy answers every request head. */
  enum Behaviour {
    /** Reads the request, answers nothing. */
    SILENT,
    /** Sends a 407 head one byte every 100 ms, forever. */
    DRIPPED_407_HEAD,
    /** Sends a 407 head with a 60,000-byte page, the page one byte every 100 ms. */
    DRIPPED_407_BODY,
    /** Answers every request with a keep-alive 407 (Basic) after 1 s: endless handshake rounds. */
    SLOW_407_ROUNDS,
    /** Answers 200 with a chunked body: one chunk, then silence. */
    SILENT_200_BODY,
    /** Answers 200 with an endless chunked body, as fast as it can be sent. */
    ENDLESS_200_BODY,
    /** Reads the request head, then never reads again (a proxy that stopped reading). */
    STOPS_READING,
    /** Answers 200 with a 4-byte body "late" after 1 s (unless the relay closed first). */
    LATE_200,
    /** Answers 200 (a CONNECT established), then never reads again. */
    STOPS_READING_AFTER_200
  }

  private static final byte[] DRIP_HEAD = ("HTTP/1.1 407 Proxy Authentication Required\r\n"
      + "Proxy-Authenticate: Basic realm=\"hostile\"\r\nX-Pad: " + "p".repeat(100_000))
      .getBytes(StandardCharsets.ISO_8859_1);

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong lastClosedNanos = new AtomicLong();
  private final CountDownLatch requestSeen = new CountDownLatch(1);

  HostileUpstream(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Waits (bounded) until a request head arrived. */
  boolean awaitRequest(long seconds) throws InterruptedException {
    return requestSeen.await(seconds, TimeUnit.SECONDS);
  }

  /** Returns how many connections are open now. */
  int openConnections() {
    return open.get();
  }

  int connections() {
    return connections.get();
  }

  /** Returns {@link System#nanoTime()} when a connection last ended. */
  long lastClosedNanos() {
    return lastClosedNanos.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        open.incrementAndGet();
        connections.incrementAndGet();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(120_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (readHead(in)) {
        requestSeen.countDown();
        if (!answer(socket, in, out)) {
          break;
        }
      }
    } catch (IOException e) {
      // The relay closed the connection (reset or broken pipe): what the test waits for.
    } finally {
      sockets.remove(socket);
      lastClosedNanos.set(System.nanoTime());
      open.decrementAndGet();
    }
  }

  /** Answers one request; returns whether to read another on this connection. */
  private boolean answer(Socket socket, InputStream in, OutputStream out) throws IOException {
    switch (behaviour) {
      case STOPS_READING_AFTER_200 -> {
        out.write("HTTP/1.1 200 Connection established\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        waitForClose(socket, in);
        return false;
      }
      case SILENT, STOPS_READING -> {
        waitForClose(socket, in);
        return false;
      }
      case DRIPPED_407_HEAD -> drip(out, DRIP_HEAD, 0);
      case DRIPPED_407_BODY -> {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
            + " realm=\"hostile\"\r\nContent-Length: 60000\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        drip(out, "x".repeat(60_000).getBytes(StandardCharsets.ISO_8859_1), 0);
      }
      case SLOW_407_ROUNDS -> {
        if (!pauseUnlessClosed(socket, in, 1_000)) {
          return false;
        }
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
            + " realm=\"hostile\"\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
      }
      case LATE_200 -> {
        if (pauseUnlessClosed(socket, in, 1_000)) {
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate"
              .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          waitForClose(socket, in);
        }
      }
      case SILENT_200_BODY -> {
        out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        waitForClose(socket, in);
      }
      case ENDLESS_200_BODY -> {
        out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = ("4000\r\n" + "e".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        while (true) {
          out.write(chunk);
        }
      }
    }
    return false;
  }

  /** Sends {@code bytes} one at a time, 100 ms apart, from {@code from}; loops the last byte. */
  private static void drip(OutputStream out, byte[] bytes, int from) throws IOException {
    for (int i = from; ; i = Math.min(i + 1, bytes.length - 1)) {
      out.write(bytes[i]);
      out.flush();
      LockSupport.parkNanos(100_000_000L); // the drip's pace, not a synchronisation
    }
  }

  /**
   * Waits until the peer closes (a read sees the end or fails); the read timeout bounds it. A
   * proxy that stopped reading waits for the end of the test instead.
   */
  private void waitForClose(Socket socket, InputStream in) throws IOException {
    if (behaviour == Behaviour.STOPS_READING || behaviour == Behaviour.STOPS_READING_AFTER_200) {
      while (!server.isClosed()) {
        LockSupport.parkNanos(20_000_000L); // never reads: polls for the end of the test
      }
      return;
    }
    while (in.read() >= 0) {
      // anything the relay still sends is ignored
    }
  }

  /** Returns false when the peer closed within {@code millis}; else true (pacing the answer). */
  private static boolean pauseUnlessClosed(Socket socket, InputStream in, int millis)
      throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read() >= 0; // the relay sends nothing while it waits for an answer
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(120_000);
    }
  }

  private static boolean readHead(InputStream in) throws IOException {
    for (int last4 = 0; last4 != 0x0d0a0d0a; ) {
      int b = in.read();
      if (b < 0) {
        return false;
      }
      last4 = (last4 << 8) | b;
    }
    return true;
  }

  @Override
  public void close() throws Exception {
    server.close();
    sockets.forEach(s -> {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    });
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
