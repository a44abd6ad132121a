package io.github.proxyauth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable raw proxy on 127.0.0.1, port 0, for the misbehaviour that {@link TestProxy} does
 * not script: it reads each request head and lets a {@link Script} answer with whatever bytes it
 * likes (an endless 407, a dripped head, silence, a proxy that stops reading). It records every
 * request line with its {@code Proxy-Authorization} scheme, counts connections, and tells when
 * its last connection closed, which is how a test sees that the client let go. Thread-safe;
 * each connection is served on its own thread; {@link #close()} closes every connection.
 */
public final class RawProxy implements AutoCloseable {
  /** The longest request head read; a longer one ends the connection. */
  static final int MAX_HEAD = 1024 * 1024;
  private static final int READ_TIMEOUT_MILLIS = 120_000;

  /** Answers one request head. */
  @FunctionalInterface
  public interface Script {
    /**
     * Answers {@code request}; returns whether to read another request on its connection. An
     * {@code IOException} ends the connection (the client closed it), as does returning false.
     */
    boolean answer(Request request) throws IOException;
  }

  /**
   * One request as the proxy read it, and the connection to answer on.
   *
   * @param number the request's number, counting from 0 over all connections in arrival order
   * @param head the head's lines, the request line first, without line ends
   * @param socket the connection (its read timeout is 120 s unless the script changes it)
   * @param in the connection's input, positioned after the head (at a body, if any)
   * @param out the connection's output
   * @param proxy the proxy, for {@link RawProxy#closed()}
   */
  public record Request(int number, List<String> head, Socket socket, InputStream in,
      OutputStream out, RawProxy proxy) {
    /** Copies the head. */
    public Request {
      head = List.copyOf(head);
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final ExecutorService executor = Acceptor.daemonThreads("rawproxy");
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong lastClosedNanos = new AtomicLong();
  private final CountDownLatch requestSeen = new CountDownLatch(1);

  private RawProxy(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  /** Returns a started proxy that answers every request with {@code script}. */
  public static RawProxy start(Script script) throws IOException {
    return new RawProxy(Objects.requireNonNull(script, "script"));
  }

  /**
   * Returns a started proxy that answers the n-th request (over all connections) with the n-th
   * of {@code responses}, the last one repeating, written as ISO-8859-1 bytes; it keeps every
   * connection open for the next request.
   */
  public static RawProxy replaying(String... responses) throws IOException {
    List<String> all = List.of(responses);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one response, got none");
    }
    return start(request -> {
      request.out().write(all.get(Math.min(request.number(), all.size() - 1))
          .getBytes(StandardCharsets.ISO_8859_1));
      request.out().flush();
      return true;
    });
  }

  /** Returns the proxy's address on 127.0.0.1. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Returns the proxy as a {@link Proxy} of type HTTP, for a client's configuration. */
  public Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, address());
  }

  /**
   * Returns every request so far, in arrival order, as its request line, a space and the scheme
   * of its {@code Proxy-Authorization} ({@code -} when it had none); never its credentials.
   */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Returns how many connections the proxy accepted. */
  public int connections() {
    return connections.get();
  }

  /** Returns how many connections are open now. */
  public int openConnections() {
    return open.get();
  }

  /** Returns {@link System#nanoTime()} when a connection last closed; 0 before any did. */
  public long lastClosedNanos() {
    return lastClosedNanos.get();
  }

  /** Waits at most {@code timeout} for a first request head; returns whether one came. */
  public boolean awaitRequest(Duration timeout) throws InterruptedException {
    return requestSeen.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Returns whether {@link #close()} was called: a script that never reads waits for it. */
  public boolean closed() {
    return server.isClosed();
  }

  private void accept() {
    Acceptor.acceptUntilClosed(server, sockets, executor, socket -> {
      open.incrementAndGet();
      connections.incrementAndGet();
      return () -> serve(socket);
    });
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      for (List<String> head = readHead(in); !head.isEmpty(); head = readHead(in)) {
        int number;
        synchronized (requests) {
          number = requests.size();
          requests.add(head.get(0) + " " + scheme(head));
        }
        requestSeen.countDown();
        if (!script.answer(new Request(number, head, socket, in, out, this))) {
          break;
        }
      }
    } catch (IOException e) {
      // The client closed or reset the connection: what a test often waits for.
    } finally {
      sockets.remove(socket);
      lastClosedNanos.set(System.nanoTime());
      open.decrementAndGet();
    }
  }

  private static String scheme(List<String> head) {
    return head.stream().skip(1)
        .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:"))
        .map(h -> h.substring("proxy-authorization:".length()).trim().split(" ")[0])
        .findFirst().orElse("-");
  }

  /** Reads one head byte by byte (nothing of a body is consumed); empty at the end of input. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int total = 0; total < MAX_HEAD; total++) {
      int b = in.read();
      if (b < 0) {
        return List.of();
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      line.reset();
      if (text.isEmpty()) {
        if (lines.isEmpty()) {
          continue; // a blank line before a request (RFC 9112 §2.2)
        }
        return lines;
      }
      lines.add(text);
    }
    throw new IOException("Expected a request head of at most " + MAX_HEAD + " bytes");
  }

  /** Closes the server and every connection; waits (bounded) for the serving threads. */
  @Override
  public void close() throws InterruptedException {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(Acceptor::closeQuietly);
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
