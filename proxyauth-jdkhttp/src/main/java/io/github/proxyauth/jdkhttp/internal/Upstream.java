package io.github.proxyauth.jdkhttp.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/** One connection from the relay to an upstream proxy, and what it has authenticated. */
final class Upstream implements Closeable {
  static final int HEAD_LIMIT = 2 * 1024 * 1024;

  private final Relay relay;
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  /** The proxy authenticated the connection itself (NTLM): requests on it need no header. */
  boolean bound;
  /** It served a request before, so the proxy may have closed it meanwhile. */
  boolean reused;
  long idleSince;

  Upstream(Relay relay, Socket socket) throws IOException {
    this.relay = relay;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), Bodies.BUFFER);
    this.out = new BufferedOutputStream(socket.getOutputStream(), Bodies.BUFFER);
  }

  /** Returns the next response head, or empty when the proxy closed the connection first. */
  Optional<Head> readHead() throws IOException {
    return HeadReader.read(in, HEAD_LIMIT, 502);
  }

  /** Returns whether the proxy closed the connection (or sent stray bytes) while it was idle. */
  boolean stale() {
    try {
      if (in.available() > 0) {
        return true;
      }
      socket.setSoTimeout(1);
      try {
        in.read();
        return true; // a byte or the end of the stream: either way unusable
      } finally {
        socket.setSoTimeout(relay.config().idleMillis());
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    relay.forget(socket);
  }
}
