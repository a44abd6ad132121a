package io.github.proxyauth.relay.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.DeadlineInputStream;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException;
import io.github.proxyauth.internal.http.RequestLine;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Serves one client connection: checks the secret, then tunnels or forwards each request. */
final class ClientSession {
  private static final Set<String> HOP_BY_HOP = Set.of("proxy-relay-token",
      "proxy-authorization", "proxy-connection", "connection", "keep-alive", "te", "upgrade",
      "expect");

  final Listener listener;
  final Socket socket;
  InputStream in;
  private DeadlineInputStream deadline;
  OutputStream out;
  private boolean responseStarted;
  private boolean bodyStarted;
  private boolean admitted;
  private byte[] buffer = new byte[0];

  ClientSession(Listener listener, Socket socket) {
    this.listener = listener;
    this.socket = socket;
  }

  Relay relay() {
    return listener.relay();
  }

  /** Returns this connection's body copy buffer, reused by its requests. */
  byte[] buffer() {
    if (buffer.length == 0) {
      buffer = new byte[Bodies.BUFFER];
    }
    return buffer;
  }

  /** Marks that response bytes went to the client: errors can then only close. */
  void responseStarted() {
    responseStarted = true;
  }

  /** Returns whether this connection presented the secret and holds a connection slot. */
  boolean admitted() {
    return admitted;
  }

  void run() {
    try {
      socket.setTcpNoDelay(true);
      deadline = new DeadlineInputStream(socket, relay().config().clientIdleMillis());
      deadline.arm(System.nanoTime() + PendingConnections.FIRST_HEAD_MILLIS * 1_000_000L,
          Long.MAX_VALUE, "the first request head"); // a dripping client cannot hold a thread
      in = new BufferedInputStream(deadline, Bodies.STREAM_BUFFER);
      out = new BufferedOutputStream(socket.getOutputStream(), Bodies.STREAM_BUFFER);
      boolean open = true;
      while (open) {
        socket.setSoTimeout(relay().config().clientIdleMillis());
        responseStarted = false;
        bodyStarted = false;
        open = serveOne();
      }
    } catch (IOException e) {
      // The client went away or idled out: the connection ends.
    }
  }

  private boolean serveOne() throws IOException {
    Optional<Head> head;
    try {
      head = HeadReader.read(in, HttpProtocolException.Side.REQUEST);
    } catch (HttpProtocolException e) {
      Replies.error(out, 400, e.getMessage());
      return false;
    }
    if (head.isEmpty()) {
      return false;
    }
    if (!relay().admits(head.get().value(Relay.TOKEN_HEADER))) {
      relay().warnings().warn("refused requests without a valid " + Relay.TOKEN_HEADER
          + " header (403)");
      Replies.forbidden(out);
      return false;
    }
    if (!admitted && !admit()) {
      return false;
    }
    return dispatch(head.get());
  }

  private boolean dispatch(Head head) throws IOException {
    UpstreamProxy hop = null;
    try {
      RequestLine line = RequestLine.parse(head.startLine());
      socket.setSoTimeout(relay().config().idleMillis());
      Target target = line.isConnect() ? Target.connect(line.target())
          : Target.forward(line.target());
      List<UpstreamProxy> hops = relay().route(target.uri(), target.host(), target.port());
      for (int i = 0; ; i++) {
        hop = hops.get(i);
        try {
          return serve(line, head, target, hop);
        } catch (HttpFailure e) {
          if (!e.unreachable() || responseStarted || bodyStarted || i == hops.size() - 1) {
            throw e;
          }
          relay().connectFailed(target.uri(), hop, e); // fail over to the route's next hop
        }
      }
    } catch (ProxyAuthException e) {
      if (!responseStarted) {
        Replies.authFailure(out, relay().recordFailure(e), e.getMessage());
      }
      return false;
    } catch (HttpFailure e) {
      return failed(e.status(), e);
    } catch (HttpProtocolException e) {
      return failed(e.side() == HttpProtocolException.Side.REQUEST ? 400 : 502, e);
    } catch (SocketTimeoutException e) {
      return failed(504, new IOException((hop == null ? "The next hop" : hop.subject())
          + " did not answer within " + relay().config().idleTimeout(), e));
    }
  }

  /** Serves the request through {@code hop}; returns whether the client connection stays open. */
  private boolean serve(RequestLine line, Head head, Target target, UpstreamProxy hop)
      throws IOException {
    if (line.isConnect()) {
      new Tunnel(this, line, forwardable(head), target, hop).run();
      return false;
    }
    return new Forwarder(this, line, head, forwardable(head), target.uri(), hop).forward();
  }

  /** Moves this connection from the pending ones to a connection slot; false when full. */
  private boolean admit() throws IOException {
    deadline.disarm();
    relay().pending().remove(socket);
    if (!relay().limit().tryAcquire()) {
      relay().warnings().warn("refused connections beyond its limit of "
          + relay().config().maxConnections() + " (503)");
      Replies.error(out, 503, "the relay serves at most " + relay().config().maxConnections()
          + " connections at once");
      return false;
    }
    admitted = true;
    return true;
  }

  /** Marks that the request body started to flow: the request can no longer fail over. */
  void bodyStarted() {
    bodyStarted = true;
  }


  private boolean failed(int status, IOException e) throws IOException {
    if (!responseStarted) {
      Replies.error(out, status, e.getMessage());
    }
    return false;
  }

  /** Returns the head without the secret, client proxy credentials and hop-by-hop fields. */
  static Head forwardable(Head head) {
    Set<String> drop = new HashSet<>(HOP_BY_HOP);
    drop.addAll(head.tokens("Connection"));
    drop.addAll(head.tokens("Proxy-Connection"));
    drop.remove("content-length");
    drop.remove("transfer-encoding");
    drop.remove("host");
    return head.without(drop);
  }
}
