package io.github.proxyauth.internal.http;

import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.ProxyAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Runs the {@link ProxyHandshake} for one body-less request (a CONNECT, or a probe such as
 * {@code GET http://host/}) on plain sockets, for {@code ProxyTunnel} and {@code Preflight}.
 * Answers are read straight from the socket, so after a CONNECT 200 no tunnel byte is consumed.
 */
public final class SocketHandshake {
  private SocketHandshake() {}

  /**
   * The final answer and the connection it came on.
   *
   * @param socket the connection, open, positioned after {@code head}
   * @param head the first answer that was not a 407
   * @param status its status line
   * @param connections how many TCP connections the handshake used
   * @param requests how many requests were sent
   * @param exchange the exchange, for its history
   */
  public record Outcome(Socket socket, Head head, StatusLine status, int connections,
      int requests, AuthExchange exchange) {}

  /**
   * Runs the handshake for {@code request}; {@code timeout} bounds connecting, each read and the
   * whole handshake (see {@link ProxyHandshake} for the other deadlines).
   */
  public static Outcome run(ProxyAuthenticator auth, AuthRequest request, Duration timeout)
      throws IOException {
    return run(auth, request, timeout, Optional.empty());
  }

  /** Runs the handshake as above, over TLS to the proxy when {@code tls} is present. */
  public static Outcome run(ProxyAuthenticator auth, AuthRequest request, Duration timeout,
      Optional<SSLContext> tls) throws IOException {
    AuthExchange exchange = auth.newExchange(request);
    Optional<String> preemptive = exchange.preemptive();
    ProxyHandshake<Plain> handshake = new ProxyHandshake<>(exchange, request.method(),
        () -> Plain.open(request, timeout, tls), Plain.open(request, timeout, tls), timeout);
    try {
      Head head = handshake.run(preemptive, (c, authorization) -> send(c, request, authorization));
      return new Outcome(handshake.connection().socket, head, StatusLine.parse(head.startLine()),
          handshake.connections(), handshake.requests(), exchange);
    } catch (IOException | RuntimeException e) {
      handshake.connection().close();
      throw e;
    }
  }

  private static void send(Plain connection, AuthRequest request, Optional<String> authorization)
      throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader(request)).append("\r\n")
        .append("Proxy-Connection: keep-alive\r\n");
    if (!request.tunnel()) {
      head.append("Content-Length: 0\r\n");
    }
    authorization.ifPresent(v -> head.append("Proxy-Authorization: ").append(v).append("\r\n"));
    OutputStream out = connection.socket.getOutputStream();
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String hostHeader(AuthRequest request) {
    return request.tunnel() ? request.target() : URI.create(request.target()).getRawAuthority();
  }

  /** A fresh socket to the proxy. */
  private static final class Plain implements ProxyHandshake.Connection {
    final Socket socket;
    final DeadlineInputStream in;

    private Plain(Socket socket, int millis) throws IOException {
      this.socket = socket;
      this.in = new DeadlineInputStream(socket, millis);
    }

    static Plain open(AuthRequest request, Duration timeout, Optional<SSLContext> tls)
        throws IOException {
      Socket socket = new Socket();
      try {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        socket.connect(new InetSocketAddress(request.proxyHost(), request.proxyPort()), millis);
        socket.setSoTimeout(millis);
        socket.setTcpNoDelay(true);
        return new Plain(tls.isEmpty() ? socket : ProxyTlsSocket.open(tls.get(), socket,
            request.proxyHost(), request.proxyPort()), millis);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    @Override
    public InputStream in() {
      return in;
    }

    @Override
    public DeadlineInputStream deadlines() {
      return in;
    }

    @Override
    public boolean reused() {
      return false;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is all we want.
      }
    }
  }
}
