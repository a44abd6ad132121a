package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.Framing;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * A client that sends every request on one TCP connection to a proxy while the proxy keeps it
 * open, with no credentials (the local proxy in front adds them): forwarded GETs in absolute form,
 * or one CONNECT tunnel with TLS GETs inside. What curl does on a keep-alive connection, with
 * nothing else (no retries, no pool) hiding what the proxy does.
 */
public final class OneConnection {
  private static final int TIMEOUT_MS = 30_000;
  private static final long MAX_BODY = 1 << 20;

  private OneConnection() {}

  /**
   * What the client saw: each status in order, and the client connections it needed (1 unless
   * the proxy closed a keep-alive connection after a response: then the next request goes on a
   * new connection, as curl and browsers do).
   */
  public record Result(List<Integer> statuses, int clientConnections) {}

  /** Returns the result of {@code GET url} for each URL, forwarded through {@code proxy}. */
  public static Result forward(InetSocketAddress proxy, List<String> urls) throws IOException {
    List<Integer> statuses = new ArrayList<>();
    int connections = 0;
    Socket socket = null;
    try {
      InputStream in = null;
      for (String url : urls) {
        if (socket != null) {
          try {
            statuses.add(get(socket.getOutputStream(), in, url, URI.create(url), statuses.size()));
            continue;
          } catch (IOException closedByProxy) {
            socket.close(); // the proxy closed the idle connection: the request goes again
          }
        }
        socket = open(proxy);
        connections++;
        in = new BufferedInputStream(socket.getInputStream());
        statuses.add(get(socket.getOutputStream(), in, url, URI.create(url), statuses.size()));
      }
      return new Result(statuses, connections);
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  /**
   * Returns the status of each {@code GET url} sent inside one CONNECT tunnel through {@code
   * proxy} to the URLs' (one) origin, over TLS made by {@code tls}; the CONNECT's own status
   * when it is refused.
   */
  public static Result tunnel(InetSocketAddress proxy, List<String> urls,
      SSLSocketFactory tls) throws IOException {
    URI first = URI.create(urls.get(0));
    try (Socket socket = open(proxy)) {
      String authority = first.getHost() + ":" + first.getPort();
      OutputStream out = socket.getOutputStream();
      out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream raw = new BufferedInputStream(socket.getInputStream());
      Head answer = head(raw, "the CONNECT answer");
      if (answer.status() != 200) {
        return new Result(List.of(answer.status()), 1);
      }
      try (Socket inner = tls.createSocket(socket, first.getHost(), first.getPort(), true)) {
        List<Integer> statuses = new ArrayList<>();
        InputStream in = new BufferedInputStream(inner.getInputStream());
        for (String url : urls) {
          URI u = URI.create(url);
          statuses.add(get(inner.getOutputStream(), in, u.getRawPath(), u, statuses.size()));
        }
        return new Result(statuses, 1);
      }
    }
  }

  private static Socket open(InetSocketAddress proxy) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(proxy, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static int get(OutputStream out, InputStream in, String target, URI url, int sent)
      throws IOException {
    out.write(("GET " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Head head = head(in, "the answer to request " + (sent + 1) + " (" + url + ")");
    int status = head.status();
    if (!Bodies.drain(in, Framing.ofResponse(head, "GET", status), MAX_BODY)) {
      throw new IOException("Expected a body of at most " + MAX_BODY + " bytes for " + url);
    }
    return status;
  }

  private static Head head(InputStream in, String what) throws IOException {
    return HeadReader.read(in, Side.RESPONSE).orElseThrow(() -> new IOException("Expected "
        + what + " on the one client connection but the proxy closed it"));
  }
}
