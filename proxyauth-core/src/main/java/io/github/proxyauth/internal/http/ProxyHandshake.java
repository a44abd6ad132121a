package io.github.proxyauth.internal.http;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one body-less request (a CONNECT, or a probe such as {@code GET http://host/}) to a proxy
 * and answers its 407s through the engine on the same connection, reconnecting when the proxy
 * closes. Returns at the first answer that is not a 407, with the socket positioned right after
 * that answer's head.
 */
public final class ProxyHandshake {
  /** Rounds beyond the engine's own cap: a safety net that the engine should never reach. */
  private static final int MAX_ROUNDS = 32;

  private ProxyHandshake() {}

  /**
   * The final answer and the connection it came on.
   *
   * @param socket the connection, open, positioned after {@code head}
   * @param head the first answer that was not a 407
   * @param connections how many TCP connections the handshake used
   * @param requests how many requests were sent
   * @param exchange the exchange, for its history
   */
  public record Outcome(Socket socket, ResponseHead head, int connections, int requests,
      AuthExchange exchange) {}

  /** Runs the handshake for {@code request}; read timeouts are {@code timeout}. */
  public static Outcome run(ProxyAuthenticator auth, AuthRequest request, Duration timeout)
      throws IOException {
    AuthExchange exchange = auth.newExchange(request);
    Optional<String> authorization = exchange.preemptive();
    Socket socket = open(request, timeout);
    int connections = 1;
    try {
      for (int requests = 1; requests <= MAX_ROUNDS; requests++) {
        send(socket, request, authorization);
        ResponseHead head = HttpWire.readHead(socket.getInputStream());
        if (head.status() != 407) {
          exchange.succeeded(head.values("Proxy-Authenticate"));
          return new Outcome(socket, head, connections, requests, exchange);
        }
        boolean reusable = HttpWire.drainBody(head, socket.getInputStream())
            && !head.closesConnection();
        if (!reusable) {
          socket.close();
          exchange.connectionClosed();
        }
        authorization = Optional.of(exchange.respond(head.values("Proxy-Authenticate")));
        if (!reusable) {
          socket = open(request, timeout);
          connections++;
        }
      }
      throw new IOException("proxy " + request.proxy() + " kept answering 407 after "
          + MAX_ROUNDS + " requests");
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket open(AuthRequest request, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(request.proxyHost(), request.proxyPort()),
          (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static void send(Socket socket, AuthRequest request, Optional<String> authorization)
      throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader(request)).append("\r\n")
        .append("Proxy-Connection: keep-alive\r\n");
    if (!request.tunnel()) {
      head.append("Content-Length: 0\r\n");
    }
    authorization.ifPresent(v -> head.append("Proxy-Authorization: ").append(v).append("\r\n"));
    OutputStream out = socket.getOutputStream();
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String hostHeader(AuthRequest request) {
    return request.tunnel() ? request.target() : URI.create(request.target()).getRawAuthority();
  }
}
