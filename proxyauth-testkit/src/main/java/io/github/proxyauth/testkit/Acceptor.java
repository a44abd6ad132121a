package io.github.proxyauth.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The socket plumbing that {@link RawProxy} and {@link TlsFront} share: a pool of daemon threads
 * of one name, an accept loop that tracks every connection so that closing can close it, and a
 * quiet close.
 */
final class Acceptor {
  private Acceptor() {}

  /** Returns a cached pool of daemon threads, each named {@code name}. */
  static ExecutorService daemonThreads(String name) {
    return Executors.newCachedThreadPool(task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Accepts connections on {@code server} until it closes: adds each one to {@code sockets}, then
   * runs on {@code threads} the task that {@code accepted} (called on the accepting thread)
   * returns for it.
   */
  static void acceptUntilClosed(ServerSocket server, Set<Socket> sockets, Executor threads,
      Function<Socket, Runnable> accepted) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        threads.execute(accepted.apply(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Closes {@code socket}, ignoring a failure: closing is all the caller wants. */
  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
