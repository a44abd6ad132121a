package io.github.proxyauth.relay.internal;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.DeadlineInputStream;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException;
import io.github.proxyauth.internal.http.LineBufferedInputStream;
import io.github.proxyauth.internal.http.RequestLine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serves one client connection: checks the secret, the client's address and the local credential,
 * then tunnels or forwards each request, and logs each one. Each request is served with the
 * relay's {@link Generation} of the moment it arrived.
 */
final class ClientSession {
  private static final Set<String> HOP_BY_HOP = Set.of("proxy-relay-token",
      "proxy-authorization", "proxy-connection", "connection", "keep-alive", "te", "upgrade",
      "expect");

  final Listener listener;
  final Socket socket;
  InputStream in;
  OutputStream out;
  private DeadlineInputStream deadline;
  private LineBufferedInputStream buffered;
  private CountingInputStream counted;
  private CountingOutputStream written;
  private boolean responseStarted;
  private boolean bodyStarted;
  private boolean admitted;
  private byte[] buffer = new byte[0];
  /** The first byte of the request being served, for the TLS-on-the-plain-port check. */
  private int first = -1;
  private Generation generation;
  private @Nullable RequestLog log;
  /** Guards {@link #idle} and {@link #closing}: drain closes a connection only while idle. */
  private final Object state = new Object();
  private boolean idle;
  private boolean closing;

  ClientSession(Listener listener, Socket socket) {
    this.listener = listener;
    this.socket = socket;
    this.generation = listener.relay().generation();
  }

  Relay relay() {
    return listener.relay();
  }

  /** Returns the generation (authenticator, pools, routes) of the request being served. */
  Generation generation() {
    return generation;
  }

  /** Returns this connection's body copy buffer, reused by its requests. */
  byte[] buffer() {
    if (buffer.length == 0) {
      buffer = new byte[Bodies.BUFFER];
    }
    return buffer;
  }

  /** Marks that a response head with {@code status} went to the client: errors can then only close. */
  void responseStarted(int status) {
    responseStarted = true;
    if (log != null) {
      log.status(status);
    }
  }

  /** Records the upstream authentication scheme the request used, when one was. */
  void schemeUsed(Optional<String> scheme) {
    if (log != null) {
      log.scheme(scheme);
    }
  }

  /** Records tunnel bytes that went to the client around this session's output stream. */
  void tunnelled(long bytesToClient) {
    if (log != null) {
      log.tunnelled(bytesToClient);
    }
  }

  /** Returns whether this connection presented the secret and holds a connection slot. */
  boolean admitted() {
    return admitted;
  }

  /** Closes the connection when it waits for a next request (drain); a busy one finishes. */
  void closeIfIdle() {
    synchronized (state) {
      if (idle) {
        closing = true;
        relay().forget(socket);
      }
    }
  }

  void run() {
    try {
      socket.setTcpNoDelay(true);
      deadline = new DeadlineInputStream(socket, relay().config().clientIdleMillis());
      deadline.arm(System.nanoTime() + PendingConnections.FIRST_HEAD_MILLIS * 1_000_000L,
          Long.MAX_VALUE, "the first request head"); // a dripping client cannot hold a thread
      buffered = new LineBufferedInputStream(deadline, Bodies.STREAM_BUFFER);
      in = counted = new CountingInputStream(buffered);
      written = new CountingOutputStream(new WriteBound(socket, () -> relay().forget(socket),
          relay().config().idleMillis())); // a client that stopped reading cannot hold a thread
      out = new BufferedOutputStream(written, Bodies.STREAM_BUFFER);
      boolean open = true;
      while (open && awaitRequest()) {
        socket.setSoTimeout(relay().config().clientIdleMillis());
        responseStarted = false;
        bodyStarted = false;
        open = serveLogged();
      }
    } catch (IOException e) {
      // The client went away or idled out: the connection ends.
    }
  }

  /**
   * Waits, idle, for the first byte of the next request; false when the client closed or the
   * relay drains (which closes idle connections at once).
   */
  private boolean awaitRequest() throws IOException {
    synchronized (state) {
      if (closing || relay().draining()) {
        return false;
      }
      idle = true;
    }
    try {
      socket.setSoTimeout(relay().config().clientIdleMillis());
      buffered.mark(1);
      first = buffered.read();
      if (first >= 0) {
        buffered.reset();
      }
    } finally {
      synchronized (state) {
        idle = false;
      }
    }
    return first >= 0;
  }

  private boolean serveLogged() throws IOException {
    RequestLog request = new RequestLog((InetSocketAddress) socket.getRemoteSocketAddress(),
        counted.count(), written.count());
    log = request;
    boolean logged = false;
    try {
      Optional<Boolean> open = serveOne(request);
      logged = open.isPresent();
      return open.orElse(false);
    } catch (IOException | RuntimeException e) {
      logged = true;
      request.failure("client-closed");
      throw e;
    } finally {
      log = null;
      if (logged) {
        relay().logged(request, counted.count(), written.count());
      }
    }
  }

  /** Serves one request; returns whether the connection stays open, empty when none came. */
  private Optional<Boolean> serveOne(RequestLog request) throws IOException {
    Optional<Head> head;
    try {
      head = HeadReader.read(in, HttpProtocolException.Side.REQUEST);
    } catch (HttpProtocolException e) {
      Optional<String> tls = listener.spokeTls(first);
      return Optional.of(tls.isPresent() ? refuse(400, "tls-on-plain-port", tls.get())
          : refuse(400, "bad-request", e.getMessage()));
    }
    if (head.isEmpty()) {
      return Optional.empty();
    }
    generation = relay().generation();
    if (!relay().admits(head.get().value(Relay.TOKEN_HEADER))) {
      relay().warnings().warn("refused requests without a valid " + Relay.TOKEN_HEADER
          + " header (403)");
      request.status(403);
      request.failure("forbidden");
      Replies.forbidden(out);
      return Optional.of(false);
    }
    RequestLine line;
    Target target;
    try {
      line = RequestLine.parse(head.get().startLine());
      request.method(line.method());
      target = line.isConnect() ? Target.connect(line.target()) : Target.forward(line.target());
    } catch (HttpProtocolException | HttpFailure e) {
      return Optional.of(refuse(400, "bad-request", e.getMessage()));
    }
    request.request(line.method(), target, line.isConnect());
    return Optional.of(authorized(head.get(), request) && (admitted || admit())
        && dispatch(line, head.get(), target));
  }

  /**
   * Returns whether the client may send this request: its address is still allowed (the allow
   * list may have changed since it connected) and it presents the local credential if one is
   * required. Answers 403 or 407 otherwise.
   */
  private boolean authorized(Head head, RequestLog request) throws IOException {
    ClientAccess access = generation.access();
    if (!access.admits(socket.getInetAddress())) {
      relay().warnings().warn("refused requests on connections from addresses no longer"
          + " allowed (403)");
      return refuse(403, "forbidden", "This proxy does not serve "
          + socket.getInetAddress().getHostAddress());
    }
    if (!access.presentsCredential(head)) {
      if (ClientAccess.presentsAny(head)) {
        relay().warnings().warn("refused requests with a wrong local credential (407)");
      }
      request.status(407);
      request.failure("local-credential");
      Replies.localCredentialRequired(out);
      return false;
    }
    return true;
  }

  private boolean dispatch(RequestLine line, Head head, Target target) throws IOException {
    UpstreamProxy hop = null;
    try {
      socket.setSoTimeout(relay().config().idleMillis());
      Generation.Routing routing = generation.route(target.uri(), target.host(), target.port());
      List<UpstreamProxy> hops = routing.hops();
      for (int i = 0; ; i++) {
        hop = hops.get(i);
        log.route(hop, routing.why());
        try {
          return serve(line, head, target, hop);
        } catch (HttpFailure e) {
          if (!e.unreachable() || responseStarted || bodyStarted || i == hops.size() - 1) {
            throw e;
          }
          generation.connectFailed(target.uri(), hop, e); // fail over to the route's next hop
        }
      }
    } catch (ProxyAuthException e) {
      log.failure(e.diagnosis().map(Diagnosis::reason).map(Enum::name).orElse("auth-failed"));
      log.scheme(e.diagnosis().flatMap(Diagnosis::chosen)); // the exchange let go of it
      if (!responseStarted) {
        log.status(407);
        Replies.authFailure(out, relay().recordFailure(e), e.getMessage());
      }
      return false;
    } catch (HttpFailure e) {
      return failed(e.status(), e.unreachable() ? "unreachable"
          : e.status() == 400 ? "bad-request" : "bad-gateway", e);
    } catch (HttpProtocolException e) {
      return e.side() == HttpProtocolException.Side.REQUEST ? failed(400, "bad-request", e)
          : failed(502, "upstream-protocol", e);
    } catch (SocketTimeoutException e) {
      return failed(504, "timeout", new IOException((hop == null ? "The next hop"
          : hop.subject()) + " did not answer within " + relay().config().idleTimeout(), e));
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
      return refuse(503, "limit", "the relay serves at most "
          + relay().config().maxConnections() + " connections at once");
    }
    admitted = true;
    return true;
  }

  /** Marks that the request body started to flow: the request can no longer fail over. */
  void bodyStarted() {
    bodyStarted = true;
  }

  /** Answers {@code status} with {@code message} before anything was relayed; returns false. */
  private boolean refuse(int status, String reason, String message) throws IOException {
    log.status(status);
    log.failure(reason);
    Replies.error(out, status, message);
    return false;
  }

  private boolean failed(int status, String reason, IOException e) throws IOException {
    log.failure(reason);
    if (!responseStarted) {
      log.status(status);
      Replies.error(out, status, e.getMessage());
    }
    return false;
  }

  /** Returns the head without the secret, client proxy credentials and hop-by-hop fields. */
  static Head forwardable(Head head) {
    List<String> listed = head.tokens("Connection");
    listed.addAll(head.tokens("Proxy-Connection"));
    if (HOP_BY_HOP.containsAll(listed)) {
      return head.without(HOP_BY_HOP); // the common case: no set to build per request
    }
    Set<String> drop = new HashSet<>(HOP_BY_HOP);
    drop.addAll(listed);
    drop.remove("content-length");
    drop.remove("transfer-encoding");
    drop.remove("host");
    return head.without(drop);
  }
}
