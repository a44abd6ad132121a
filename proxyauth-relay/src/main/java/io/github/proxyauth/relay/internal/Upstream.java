package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.DeadlineInputStream;
import io.github.proxyauth.internal.http.ProxyHandshake;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/** One connection from the relay to an upstream proxy, and what it has authenticated. */
final class Upstream implements Closeable, ProxyHandshake.Connection {
  private final Relay relay;
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  private final DeadlineInputStream deadlines;
  /** The proxy authenticated the connection itself (NTLM): requests on it need no header. */
  boolean bound;
  /** The scheme that authenticated it, for the access log of requests that need no header. */
  Optional<String> scheme = Optional.empty();
  /** It served a request before, so the proxy may have closed it meanwhile. */
  boolean reused;
  long idleSince;

  Upstream(Relay relay, Socket socket) throws IOException {
    this.relay = relay;
    this.socket = socket;
    this.deadlines = new DeadlineInputStream(socket, relay.config().idleMillis());
    this.in = new BufferedInputStream(deadlines, Bodies.STREAM_BUFFER);
    this.out = new BufferedOutputStream(new WriteBound(socket, this::close,
        relay.config().idleMillis()), Bodies.STREAM_BUFFER);
  }

  /** Makes this connection's waiting reads give up soon once {@code client} went away. */
  void watch(ClientWatch client) {
    deadlines.watch(client, ClientWatch.GONE);
  }

  /** Stops watching a client: the connection goes idle, or two threads pump a tunnel. */
  void unwatch() {
    try {
      deadlines.unwatch();
    } catch (IOException e) {
      close(); // a socket that cannot take a timeout is no use to anyone
    }
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public DeadlineInputStream deadlines() {
    return deadlines;
  }

  @Override
  public boolean reused() {
    return reused;
  }

  /**
   * Returns whether the proxy closed the connection (or sent stray bytes) while it was idle. Polls
   * the channel without blocking: a timed read would cost every pooled request its timeout.
   */
  boolean stale() {
    try {
      if (in.available() > 0) {
        return true;
      }
      SocketChannel channel = socket.getChannel();
      channel.configureBlocking(false);
      try {
        return channel.read(ByteBuffer.allocate(1)) != 0; // a byte or the end: either way unusable
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  @Override
  public void close() {
    relay.forget(socket);
  }
}
