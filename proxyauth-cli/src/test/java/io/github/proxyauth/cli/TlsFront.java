package io.github.proxyauth.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Makes a test proxy an https proxy, like stunnel: TLS with a given certificate on a loopback
 * port, the decrypted bytes piped to the proxy. Counts completed handshakes. {@link #close()}
 * ends every connection and thread.
 */
final class TlsFront implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress behind;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "cli-tls-front");
    t.setDaemon(true);
    return t;
  });

  private TlsFront(ServerSocket server, InetSocketAddress behind) {
    this.server = server;
    this.behind = behind;
  }

  static TlsFront start(HeldCertificate certificate, InetSocketAddress behind) throws IOException {
    ServerSocket server = new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslContext().getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TlsFront front = new TlsFront(server, behind);
    front.threads.execute(() -> {
      while (!server.isClosed()) {
        try {
          SSLSocket client = (SSLSocket) front.track(server.accept());
          front.threads.execute(() -> front.serve(client));
        } catch (IOException closed) {
          return;
        }
      }
    });
    return front;
  }

  /** Returns {@code https://localhost:<port>}. */
  String url() {
    return "https://localhost:" + server.getLocalPort();
  }

  int handshakes() {
    return handshakes.get();
  }

  private Socket track(Socket socket) {
    sockets.add(socket);
    return socket;
  }

  private void serve(SSLSocket client) {
    try (client; Socket proxy = track(new Socket())) {
      client.startHandshake();
      handshakes.incrementAndGet();
      proxy.connect(behind, 5_000);
      threads.execute(() -> copy(proxy, client));
      copy(client, proxy);
    } catch (IOException e) {
      // A failed handshake or a side that went away ends the connection.
    }
  }

  /** Copies until {@code from} ends, then closes the plain side so the other copy ends too. */
  private void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Ends below.
    } finally {
      close(from instanceof SSLSocket ? to : from);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TlsFront::close);
    threads.shutdownNow();
  }
}
