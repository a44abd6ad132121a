package io.github.proxyauth.relay.internal;

import io.github.proxyauth.testkit.RawProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * Hostile upstream proxies for the relay, as scripts of the test kit's {@link RawProxy}: each
 * {@link Behaviour} reads a request head and then never lets the exchange end on its own. The
 * proxy records when it saw its last connection closed by the relay (the relay's work ended).
 */
final class HostileUpstream {
  private static final byte[] DRIP_HEAD = ("HTTP/1.1 407 Proxy Authentication Required\r\n"
      + "Proxy-Authenticate: Basic realm=\"hostile\"\r\nX-Pad: " + "p".repeat(100_000))
      .getBytes(StandardCharsets.ISO_8859_1);

  private HostileUpstream() {}

  /** Returns a started proxy that answers every request the way {@code behaviour} says. */
  static RawProxy start(Behaviour behaviour) throws IOException {
    return RawProxy.start(behaviour::answer);
  }

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
    STOPS_READING_AFTER_200;

    /** Answers one request; returns whether to read another on this connection. */
    boolean answer(RawProxy.Request request) throws IOException {
      Socket socket = request.socket();
      InputStream in = request.in();
      OutputStream out = request.out();
      switch (this) {
        case SILENT -> readUntilClosed(in);
        case STOPS_READING -> neverReadAgain(request.proxy());
        case STOPS_READING_AFTER_200 -> {
          send(out, "HTTP/1.1 200 Connection established\r\n\r\n");
          neverReadAgain(request.proxy());
        }
        case DRIPPED_407_HEAD -> drip(out, DRIP_HEAD);
        case DRIPPED_407_BODY -> {
          send(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
              + " realm=\"hostile\"\r\nContent-Length: 60000\r\n\r\n");
          drip(out, "x".repeat(60_000).getBytes(StandardCharsets.ISO_8859_1));
        }
        case SLOW_407_ROUNDS -> {
          if (!pauseUnlessClosed(socket, in, 1_000)) {
            return false;
          }
          send(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
              + " realm=\"hostile\"\r\nContent-Length: 0\r\n\r\n");
          return true;
        }
        case LATE_200 -> {
          if (pauseUnlessClosed(socket, in, 1_000)) {
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");
            readUntilClosed(in);
          }
        }
        case SILENT_200_BODY -> {
          send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
          readUntilClosed(in);
        }
        case ENDLESS_200_BODY -> {
          send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
          byte[] chunk = ("4000\r\n" + "e".repeat(0x4000) + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
          while (true) {
            out.write(chunk);
          }
        }
      }
      return false;
    }
  }

  private static void send(OutputStream out, String bytes) throws IOException {
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends {@code bytes} one at a time, 100 ms apart; loops the last byte. */
  private static void drip(OutputStream out, byte[] bytes) throws IOException {
    for (int i = 0; ; i = Math.min(i + 1, bytes.length - 1)) {
      out.write(bytes[i]);
      out.flush();
      LockSupport.parkNanos(100_000_000L); // the drip's pace, not a synchronisation
    }
  }

  /** Waits until the peer closes (a read sees the end or fails); the read timeout bounds it. */
  private static void readUntilClosed(InputStream in) throws IOException {
    while (in.read() >= 0) {
      // anything the relay still sends is ignored
    }
  }

  /** A proxy that stopped reading: waits for the end of the test without reading. */
  private static void neverReadAgain(RawProxy proxy) {
    while (!proxy.closed()) {
      LockSupport.parkNanos(20_000_000L); // never reads: polls for the end of the test
    }
  }

  /** Returns false when the peer closed within {@code millis}; else true (pacing the answer). */
  private static boolean pauseUnlessClosed(Socket socket, InputStream in, int millis)
      throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() >= 0; // the relay sends nothing while it waits for an answer
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(timeout);
    }
  }
}
