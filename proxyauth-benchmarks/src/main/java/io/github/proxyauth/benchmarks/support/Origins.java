package io.github.proxyauth.benchmarks.support;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Returns, from {@link #start()}, two loopback origins: an HTTP server answering {@code /small}
 * with {@link #SMALL_BODY}, and a raw TCP server that reads a decimal byte count on one line and
 * then writes that many bytes and closes (the bulk source behind a CONNECT tunnel). Closing stops
 * both. Thread-safe.
 */
public final class Origins implements AutoCloseable {
  /** The body of {@code GET /small}. */
  public static final String SMALL_BODY = "hello, world\n";

  private final HttpServer http;
  private final ServerSocket raw;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-origin");
    t.setDaemon(true);
    return t;
  });

  private Origins() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    http = HttpServer.create(new InetSocketAddress(loopback, 0), 256);
    byte[] body = SMALL_BODY.getBytes(StandardCharsets.US_ASCII);
    http.createContext("/small", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.setExecutor(threads);
    http.start();
    raw = new ServerSocket(0, 256, loopback);
    threads.execute(this::acceptRaw);
  }

  /** Returns running origins on 127.0.0.1, ports chosen by the system. */
  public static Origins start() throws IOException {
    return new Origins();
  }

  /** Returns the port of the HTTP origin. */
  public int httpPort() {
    return http.getAddress().getPort();
  }

  /** Returns the port of the raw bulk origin. */
  public int rawPort() {
    return raw.getLocalPort();
  }

  private void acceptRaw() {
    while (!raw.isClosed()) {
      try {
        Socket socket = raw.accept();
        threads.execute(() -> serveBulk(socket));
      } catch (IOException e) {
        return; // closed
      }
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
    http.stop(0);
    try {
      raw.close();
    } catch (IOException e) {
      // already closed
    }
    threads.shutdownNow();
  }
}
