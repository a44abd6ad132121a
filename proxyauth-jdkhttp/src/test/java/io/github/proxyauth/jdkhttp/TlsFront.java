package io.github.proxyauth.jdkhttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A TLS front for a plain proxy, like stunnel: accepts TLS on a loopback port with a given
 * certificate and pipes the decrypted bytes to the proxy behind it, so that the test kit's proxy
 * becomes an https proxy. Counts the handshakes that completed. {@link #close()} ends every
 * connection and thread.
 */
final class TlsFront implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress behind;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "tls-front");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handshakes = new AtomicInteger();

  private TlsFront(ServerSocket server, InetSocketAddress behind) {
    this.server = server;
    this.behind = behind;
  }

  /** Returns a started front with {@code certificate} for the proxy at {@code behind}. */
  static TlsFront start(HeldCertificate certificate, InetSocketAddress behind) throws IOException {
    SSLServerSocket server = (SSLServerSocket) new HandshakeCertificates.Builder()
        .heldCertificate(certificate).build().sslContext().getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TlsFront front = new TlsFront(server, behind);
    front.threads.execute(front::acceptLoop);
    return front;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Returns how many TLS handshakes completed (one per relay connection to the proxy). */
  int handshakes() {
    return handshakes.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        threads.execute(() -> serve((SSLSocket) client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SSLSocket client) {
    try (client; Socket proxy = new Socket()) {
      sockets.add(proxy);
      client.startHandshake();
      handshakes.incrementAndGet();
      proxy.connect(behind, 5_000);
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
      closeQuietly(tlsFirst ? to : from); // the plain one first: it never waits for a writer
      closeQuietly(tlsFirst ? from : to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TlsFront::closeQuietly);
    threads.shutdownNow();
  }
}
