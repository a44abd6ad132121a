package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * The relay's port: accepts client connections, closes those from addresses the relay does not
 * serve, and serves each other one on a relay thread.
 */
final class Listener {
  private static final int PURGE_MILLIS = 5_000;
  /** The first byte of a TLS handshake record (a ClientHello): never the start of HTTP. */
  private static final int TLS_HANDSHAKE = 0x16;

  private final Relay relay;
  private final ServerSocket server;
  private final InetSocketAddress address;

  private Listener(Relay relay, ServerSocket server) {
    this.relay = relay;
    this.server = server;
    this.address = (InetSocketAddress) server.getLocalSocketAddress();
  }

  static Listener open(Relay relay, InetSocketAddress bind) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(bind, Math.max(128, Math.min(1024, relay.config().maxConnections())));
      server.setSoTimeout(PURGE_MILLIS);
      Listener listener = new Listener(relay, server);
      if (!relay.execute(listener::acceptLoop)) {
        throw new IOException("the relay is closed or has no thread left for a listener");
      }
      return listener;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  InetSocketAddress address() {
    return address;
  }

  Relay relay() {
    return relay;
  }

  /**
   * Returns the answer to a request that starts with {@code first} and is not HTTP, when it is a
   * TLS handshake: the client was configured with {@code https://} for this plain port. Warns
   * once (rate-limited) with the fix; empty for any other malformed request.
   */
  Optional<String> spokeTls(int first) {
    if (first != TLS_HANDSHAKE) {
      return Optional.empty();
    }
    String host = address.getAddress().getHostAddress();
    String port = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    String fix = "configure the proxy as http://" + port + ", not https://" + port;
    relay.warnings().warn("a client spoke TLS to the plain HTTP proxy port " + port + ": " + fix
        + " (the connection to the proxy is plain; https:// targets are still encrypted, in a"
        + " CONNECT tunnel)");
    return Optional.of("Expected an HTTP request but saw a TLS handshake: " + fix);
  }

  void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  private void acceptLoop() {
    while (!server.isClosed() && !relay.isClosed()) {
      try {
        admit(server.accept());
      } catch (SocketTimeoutException e) {
        relay.purgePools(); // the accept timeout doubles as the pools' reaper
      } catch (IOException e) {
        if (!server.isClosed()) {
          Relay.LOG.log(System.Logger.Level.WARNING, "relay accept failed: " + e);
        }
      }
    }
  }

  private void admit(Socket socket) throws IOException {
    if (!relay.generation().access().admits(socket.getInetAddress())) {
      relay.stats().refusedConnection();
      relay.warnings().warn("closed connections from addresses outside loopback and the allow"
          + " list (the last from " + socket.getInetAddress().getHostAddress() + ")",
          "closed connections from addresses outside loopback and the allow list");
      closeQuietly(socket);
      return;
    }
    relay.track(socket);
    relay.pending().add(socket); // no connection slot until the secret is presented
    if (!relay.execute(() -> serve(socket))) {
      relay.pending().remove(socket);
      refuse(socket, "the relay is closing");
    }
  }

  private void serve(Socket socket) {
    ClientSession session = new ClientSession(this, socket);
    relay.sessionStarted(session);
    try {
      session.run();
    } finally {
      relay.pending().remove(socket);
      relay.forget(socket);
      relay.sessionEnded(session);
      if (session.admitted()) {
        relay.connectionEnded();
      }
    }
  }

  private void refuse(Socket socket, String why) {
    try {
      OutputStream out = socket.getOutputStream();
      Replies.error(out, 503, why);
    } catch (IOException e) {
      // The client went away; nothing to tell it.
    } finally {
      relay.forget(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }
}
