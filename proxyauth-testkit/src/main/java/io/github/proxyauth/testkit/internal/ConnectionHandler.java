package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;

/** Serves one client connection: requests in sequence until either side closes. */
final class ConnectionHandler implements Runnable {
  private final ProxyServer server;
  private final Socket socket;
  private final ServerConnection connection;
  private final Forwarder forwarder;
  private InputStream in;
  private OutputStream out;

  ConnectionHandler(ProxyServer server, Socket socket, ServerConnection connection) {
    this.server = server;
    this.socket = socket;
    this.connection = connection;
    this.forwarder = new Forwarder(server);
  }

  @Override
  public void run() {
    try {
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      serve();
    } catch (IOException e) {
      // The client or origin went away, timed out, or the proxy closed: the connection ends.
    } finally {
      forwarder.close();
      server.forget(socket);
    }
  }

  private void serve() throws IOException {
    boolean open = true;
    while (open) {
      try {
        Optional<HttpHead> head = HeadReader.read(in);
        open = head.isPresent() && exchange(head.get());
      } catch (HttpProtocolException e) {
        if (!forwarder.responseStarted()) {
          Responses.simple(out, e.status(), e.getMessage(), false);
        }
        open = false;
      }
    }
  }

  private boolean exchange(HttpHead head) throws IOException {
    forwarder.reset();
    RequestLine line = RequestLine.parse(head.startLine());
    Framing framing = Framing.ofRequest(head);
    boolean expect = line.isHttp11() && head.tokens("Expect").contains("100-continue");
    RequestBody body = new RequestBody(in, out, framing, expect);
    Set<Fault> faults = server.faults();
    AuthGate.Decision decision = server.gate().decide(line, head, body, connection, faults);
    server.recorder().request(line, head, connection.id(), decision);
    boolean ending = head.header("Proxy-Authorization").isPresent()
        && decision.auth() != Auth.CONTINUED;
    if (faults.contains(Fault.SILENT)
        || faults.contains(Fault.SILENT_AFTER_CREDENTIALS) && ending) {
      return silent();
    }
    if (faults.contains(Fault.CLOSE_AFTER_CREDENTIALS) && ending) {
      return false; // closed without an answer
    }
    if (!decision.pass()) {
      return challenge(decision, line, head, body, faults);
    }
    if (line.isConnect()) {
      return Tunnel.open(server, socket, in, out, line, decision.challenges());
    }
    if (line.method().equals("OPTIONS") && head.values("Max-Forwards").contains("0")) {
      // RFC 9110 §7.6.2: Max-Forwards 0 means this proxy answers the OPTIONS itself.
      boolean keepAlive = body.discard() && line.keepAlive(head);
      Responses.simple(out, 200, "OPTIONS answered by the proxy (Max-Forwards: 0)", keepAlive);
      return keepAlive;
    }
    return forwarder.forward(line, head, body, out, decision.forwardedHeaders());
  }

  /** Answers nothing: reads (and drops) whatever comes until the client closes. */
  private boolean silent() throws IOException {
    while (in.read() >= 0) {
      // a silent proxy: the socket's read timeout bounds the wait
    }
    return false;
  }

  private boolean challenge(AuthGate.Decision decision, RequestLine line, HttpHead head,
      RequestBody body, Set<Fault> faults) throws IOException {
    boolean continued = decision.auth() == Auth.CONTINUED;
    if (continued && faults.contains(Fault.CLOSE_MID_HANDSHAKE)) {
      return false;
    }
    boolean keepAlive = body.discard() && line.keepAlive(head) && Responses.keepsAlive(faults);
    server.delayReply();
    Responses.write407(out, decision.challenges(), faults, keepAlive,
        line.method().equals("HEAD"));
    return keepAlive;
  }
}
