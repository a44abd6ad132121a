package io.github.proxyauth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Returns, once started, a TLS front for a plain proxy, as stunnel is one: it accepts TLS on a
 * loopback port, port 0, with the key and certificate of a given {@link SSLContext}, and pipes
 * the decrypted bytes to the proxy behind it, so that a {@link TestProxy} (or a {@link RawProxy})
 * becomes an https proxy. It counts the handshakes that completed; a failed handshake is not
 * counted and never reaches the proxy.
 *
 * <p>Thread-safe. Each connection is served on its own daemon threads (named {@code tls-front});
 * {@link #close()} closes every connection and ends every thread.
 */
public final class TlsFront implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ServerSocket server;
  private final InetSocketAddress behind;
  private final ExecutorService threads = Acceptor.daemonThreads("tls-front");
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handshakes = new AtomicInteger();

  private TlsFront(ServerSocket server, InetSocketAddress behind) {
    this.server = server;
    this.behind = behind;
  }

  /**
   * Returns a started front on 127.0.0.1 for the proxy at {@code behind}, serving the key and
   * certificate of {@code context} (for example okhttp-tls {@code HandshakeCertificates}'
   * {@code sslContext()}).
   */
  public static TlsFront start(SSLContext context, InetSocketAddress behind) throws IOException {
    Objects.requireNonNull(behind, "behind");
    ServerSocket server = Objects.requireNonNull(context, "context").getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TlsFront front = new TlsFront(server, behind);
    front.threads.execute(front::acceptLoop);
    return front;
  }

  /** Returns the bound port. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Returns {@code https://localhost:<port>}, the proxy URL for a certificate issued to
   * {@code localhost}.
   */
  public URI url() {
    return URI.create("https://localhost:" + port());
  }

  /** Returns how many TLS handshakes completed (one per client connection that got through). */
  public int handshakes() {
    return handshakes.get();
  }

  private void acceptLoop() {
    Acceptor.acceptUntilClosed(server, sockets, threads,
        client -> () -> serve((SSLSocket) client));
  }

  private void serve(SSLSocket client) {
    try (client; Socket proxy = new Socket()) {
      sockets.add(proxy);
      client.startHandshake();
      handshakes.incrementAndGet();
      proxy.connect(behind, CONNECT_TIMEOUT_MILLIS);
      threads.execute(() -> pipe(proxy, client));
      pipe(client, proxy);
    } catch (IOException e) {
      // The handshake failed or a side went away: the connection ends.
    }
  }

  /** Copies until either side ends, then closes both: enough for HTTP and tunnels in tests. */
  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Ends below.
    } finally {
      boolean tlsFirst = from instanceof SSLSocket;
      Acceptor.closeQuietly(tlsFirst ? to : from); // the plain one first: it never waits for a writer
      Acceptor.closeQuietly(tlsFirst ? from : to);
    }
  }

  /** Closes the port and every connection, and ends every thread. */
  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(Acceptor::closeQuietly);
    threads.shutdownNow();
  }
}
