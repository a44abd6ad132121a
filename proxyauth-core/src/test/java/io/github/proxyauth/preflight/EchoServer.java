package io.github.proxyauth.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP server that echoes what it reads, one daemon thread per connection. */
final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;

  EchoServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "echo-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread t = new Thread(() -> echo(socket), "echo-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the client went away
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    acceptor.join(5000);
  }
}
