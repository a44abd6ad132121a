package io.github.proxyauth.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * A CONNECT tunnel (RFC 9110 §9.3.6): after {@code 200}, bytes flow both ways, one copy loop per
 * direction. When one side ends its output, the other side's output is shut down (half-close);
 * when both directions ended, both sockets close.
 */
final class Tunnel {
  private static final int BUFFER = 16 * 1024;

  private Tunnel() {}

  /** Runs the tunnel to its end; returns false (the client connection never serves HTTP again). */
  static boolean open(ProxyServer server, Socket client, InputStream clientIn,
      OutputStream clientOut, RequestLine line, List<String> authenticate) throws IOException {
    URI authority = authority(line.target());
    Socket origin;
    try {
      origin = server.connect(authority.getHost(), authority.getPort());
    } catch (IOException e) {
      server.delayReply();
      Responses.simple(clientOut, 502, "TestProxy could not connect to " + line.target() + ": "
          + e.getMessage(), false);
      return false;
    }
    try {
      server.delayReply();
      StringBuilder head = new StringBuilder("HTTP/1.1 200 Connection established\r\n");
      authenticate.forEach(v -> head.append("Proxy-Authenticate: ").append(v).append("\r\n"));
      Bodies.writeAscii(clientOut, head.append("\r\n").toString());
      clientOut.flush();
      pipeBothWays(server, client, clientIn, clientOut, origin);
    } finally {
      server.forget(origin);
    }
    return false;
  }

  private static void pipeBothWays(ProxyServer server, Socket client, InputStream clientIn,
      OutputStream clientOut, Socket origin) throws IOException {
    CompletableFuture<Void> back = new CompletableFuture<>();
    try {
      server.execute(() -> {
        pipe(inputOf(origin), clientOut, client, origin);
        back.complete(null);
      });
    } catch (RejectedExecutionException e) {
      throw new IOException("TestProxy is closed", e);
    }
    pipe(clientIn, origin.getOutputStream(), origin, client);
    try {
      back.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // pipe() handles its own failures; nothing else can end up here.
    }
  }

  /** Copies until end of stream, then half-closes {@code to}; any failure closes both. */
  private static void pipe(InputStream in, OutputStream out, Socket to, Socket from) {
    byte[] buffer = new byte[BUFFER];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static InputStream inputOf(Socket socket) {
    try {
      return socket.getInputStream();
    } catch (IOException e) {
      return InputStream.nullInputStream();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already failing; closing is best effort.
    }
  }

  private static URI authority(String target) throws HttpProtocolException {
    try {
      URI uri = new URI("tunnel://" + target);
      if (uri.getHost() != null && uri.getPort() > 0 && uri.getRawPath().isEmpty()
          && uri.getRawQuery() == null && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw new HttpProtocolException(400, "Expected CONNECT host:port, got '"
        + target.substring(0, Math.min(80, target.length())) + "'");
  }
}
