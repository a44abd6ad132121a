package io.github.proxyauth.benchmarks.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Returns, from {@link #start()}, two loopback origins: a minimal keep-alive HTTP/1.1 server
 * answering every GET with {@link #SMALL_BODY} in one write with TCP_NODELAY (the JDK's
 * {@code HttpServer} writes head and body apart, and Nagle plus delayed ACKs then add 40 ms on
 * loopback), and a raw TCP server that reads a decimal byte count on one line and
 * then writes that many bytes and closes (the bulk source behind a CONNECT tunnel). Closing stops
 * both. Thread-safe.
 */
public final class Origins implements AutoCloseable {
  /** The body of {@code GET /small}. */
  public static final String SMALL_BODY = "hello, world\n";

  private final ServerSocket http;
  private final ServerSocket raw;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-origin");
    t.setDaemon(true);
    return t;
  });

  private Origins() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    http = new ServerSocket(0, 256, loopback);
    raw = new ServerSocket(0, 256, loopback);
    threads.execute(() -> accept(http, Origins::serveSmall));
    threads.execute(() -> accept(raw, Origins::serveBulk));
  }

  /** Returns running origins on 127.0.0.1, ports chosen by the system. */
  public static Origins start() throws IOException {
    return new Origins();
  }

  /** Returns the port of the HTTP origin. */
  public int httpPort() {
    return http.getLocalPort();
  }

  /** Returns the port of the raw bulk origin. */
  public int rawPort() {
    return raw.getLocalPort();
  }

  private void accept(ServerSocket server, java.util.function.Consumer<Socket> handler) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        threads.execute(() -> handler.accept(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static final byte[] SMALL_RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      + "Content-Length: " + SMALL_BODY.length() + "\r\n\r\n" + SMALL_BODY)
      .getBytes(StandardCharsets.US_ASCII);

  /** Answers body-less requests on one connection until the peer closes it. */
  private static void serveSmall(Socket socket) {
    try (socket) {
      socket.setSoTimeout(120_000);
      java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      int matched = 0;
      for (int b; (b = in.read()) >= 0; ) {
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == 4) {
          out.write(SMALL_RESPONSE);
          out.flush();
          matched = 0;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void serveBulk(Socket socket) {
    try (socket) {
      socket.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII));
      String line = in.readLine();
      long remaining = line == null ? 0 : Long.parseLong(line.trim());
      byte[] chunk = new byte[64 * 1024];
      OutputStream out = socket.getOutputStream();
      while (remaining > 0) {
        int n = (int) Math.min(chunk.length, remaining);
        out.write(chunk, 0, n);
        remaining -= n;
      }
      out.flush();
    } catch (IOException | NumberFormatException e) {
      // the client went away: nothing to serve
    }
  }

  @Override
  public void close() {
    try {
      http.close();
      raw.close();
    } catch (IOException e) {
      // already closed
    }
    threads.shutdownNow();
  }
}
