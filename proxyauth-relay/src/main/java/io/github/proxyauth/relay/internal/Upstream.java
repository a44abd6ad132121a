package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.DeadlineInputStream;
import io.github.proxyauth.internal.http.LineBufferedInputStream;
import io.github.proxyauth.internal.http.ProxyHandshake;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * One connection from the relay to an upstream proxy, and what it has authenticated. To an https
 * proxy {@link #socket} is the TLS socket and the relay tracks and closes the TCP socket under it:
 * closing that one never waits, while closing a TLS socket waits for a writer blocked on it.
 */
final class Upstream implements Closeable, ProxyHandshake.Connection {
  private final Relay relay;
  /** The socket to read and write: TLS to an https proxy, else {@link #tcp}. */
  final Socket socket;
  /** The TCP connection, tracked by the relay; its channel is polled while idle. */
  private final Socket tcp;
  final InputStream in;
  final OutputStream out;
  private final DeadlineInputStream deadlines;
  private final WriteBound writes;
  /** The proxy authenticated the connection itself (NTLM): requests on it need no header. */
  boolean bound;
  /** The scheme that authenticated it, for the access log of requests that need no header. */
  Optional<String> scheme = Optional.empty();
  /** It served a request before, so the proxy may have closed it meanwhile. */
  boolean reused;
  long idleSince;

  Upstream(Relay relay, Socket socket, Socket tcp) throws IOException {
    this.relay = relay;
    this.socket = socket;
    this.tcp = tcp;
    this.deadlines = new DeadlineInputStream(socket, relay.config().idleMillis());
    this.in = new LineBufferedInputStream(deadlines, Bodies.STREAM_BUFFER);
    this.writes = new WriteBound(socket, this::close, relay.config().idleMillis());
    this.out = new BufferedOutputStream(writes, Bodies.STREAM_BUFFER);
  }

  /**
   * Makes this connection's waiting reads give up soon once {@code client} went away, and its
   * writes (the request going out) give up at the handshake deadline.
   */
  void watch(ClientWatch client) {
    deadlines.watch(client, ClientWatch.GONE);
    long handshake = relay.config().handshakeTimeout().toMillis();
    if (handshake < relay.config().idleMillis()) {
      writes.bound(handshake, "the handshake deadline");
    }
  }

  /** Stops watching a client: the connection goes idle, or two threads pump a tunnel. */
  void unwatch() {
    writes.bound(relay.config().idleMillis(), "the idle timeout");
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
   * the channel without blocking: a timed read would cost every pooled request its timeout. Under
   * TLS a raw byte is a record (an alert, most likely) the relay did not ask for: unusable too.
   */
  boolean stale() {
    try {
      if (in.available() > 0) {
        return true;
      }
      SocketChannel channel = tcp.getChannel();
      if (channel == null) {
        return true; // a tunnel's connection: never pooled, never reused
      }
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

  /** Closes the connection (its TCP socket, which ends a TLS socket over it too). */
  @Override
  public void close() {
    relay.forget(tcp);
  }

  /** Closes {@code s}: this connection when it is its {@link #socket}, else through the relay. */
  void close(Socket s) {
    if (s == socket) {
      close();
    } else {
      relay.forget(s);
    }
  }
}
