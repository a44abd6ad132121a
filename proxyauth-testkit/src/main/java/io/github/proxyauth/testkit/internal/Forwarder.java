package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.RecordedRequest.Header;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Forwards absolute-form requests (RFC 9112 §3.2.2) to their origins over the proxy's own
 * connections, one kept-alive origin connection per client connection, and relays the responses.
 * Hop-by-hop fields, {@code Proxy-Authorization} among them, never reach the origin.
 */
final class Forwarder implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection",
      "keep-alive", "proxy-authorization", "proxy-authenticate", "te", "upgrade", "expect");

  private final ProxyServer server;
  private @Nullable Socket origin;
  private InputStream originIn = InputStream.nullInputStream();
  private OutputStream originOut = OutputStream.nullOutputStream();
  private String originKey = "";
  private boolean responseStarted;

  Forwarder(ProxyServer server) {
    this.server = server;
  }

  void reset() {
    responseStarted = false;
  }

  boolean responseStarted() {
    return responseStarted;
  }

  /** Returns whether the client connection stays open. */
  boolean forward(RequestLine line, HttpHead head, RequestBody body, OutputStream client,
      String proxyHeaders) throws IOException {
    URI uri = absoluteHttpUri(line.target());
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    try {
      originFor(uri.getHost(), port);
    } catch (IOException e) {
      boolean keepAlive = body.discard() && line.keepAlive(head);
      server.delayReply();
      responseStarted = true;
      Responses.simple(client, 502, "TestProxy could not connect to " + uri.getHost() + ":" + port
          + ": " + e.getMessage(), keepAlive);
      return keepAlive;
    }
    try {
      writeRequest(originOut, line, head, body, uri);
      return relayResponse(line, head, client, proxyHeaders);
    } catch (IOException | RuntimeException e) {
      close(); // the origin connection's framing is unknown now: never reuse it
      throw e;
    }
  }

  private void writeRequest(OutputStream toOrigin, RequestLine line, HttpHead head,
      RequestBody body, URI uri) throws IOException {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    StringBuilder out = new StringBuilder(line.method()).append(' ').append(path).append(query)
        .append(" HTTP/1.1\r\n");
    if (head.header("Host").isEmpty()) {
      out.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
    }
    appendEndToEnd(out, body.framingHeaders(head.headers()), head.tokens("Connection"), true);
    Bodies.writeAscii(toOrigin, out.append("\r\n").toString());
    body.forward(toOrigin);
    toOrigin.flush();
  }

  private boolean relayResponse(RequestLine line, HttpHead request, OutputStream client,
      String proxyHeaders) throws IOException {
    InputStream fromOrigin = originIn;
    HttpHead response = readFinalHead(fromOrigin, client, line.isHttp11());
    int status = status(response);
    Framing framing = Framing.ofResponse(response, line.method(), status);
    boolean dechunk = framing.kind() == Framing.Kind.CHUNKED && !line.isHttp11();
    boolean keepAlive = line.keepAlive(request) && framing.kind() != Framing.Kind.UNTIL_CLOSE
        && !dechunk;
    StringBuilder head = new StringBuilder("HTTP/1.1")
        .append(response.startLine().substring(response.startLine().indexOf(' '))).append("\r\n");
    appendEndToEnd(head, response.headers(), response.tokens("Connection"), false);
    head.append(proxyHeaders);
    if (framing.kind() == Framing.Kind.CHUNKED && !dechunk) {
      head.append("Transfer-Encoding: chunked\r\n");
    }
    head.append(keepAlive ? "" : "Connection: close\r\n").append("\r\n");
    server.delayReply();
    responseStarted = true;
    Bodies.writeAscii(client, head.toString());
    Bodies.copy(fromOrigin, client, framing, !dechunk);
    client.flush();
    if (framing.kind() == Framing.Kind.UNTIL_CLOSE
        || response.tokens("Connection").contains("close")) {
      close();
    }
    return keepAlive;
  }

  /** Returns the first non-1xx head; interim responses go to HTTP/1.1 clients as they come. */
  private HttpHead readFinalHead(InputStream fromOrigin, OutputStream client, boolean http11)
      throws IOException {
    for (int interim = 0; interim < 16; interim++) {
      HttpHead head = HeadReader.read(fromOrigin).orElseThrow(() ->
          new HttpProtocolException(502, "Expected a response from the origin, got end of stream"));
      int status = status(head);
      if (status == 101 || status >= 200) {
        return head;
      }
      if (http11) {
        Bodies.writeAscii(client, head.startLine() + "\r\n\r\n");
      }
    }
    throw new HttpProtocolException(502, "Expected a final response after 16 interim ones");
  }

  /** Appends the end-to-end fields; a request keeps Transfer-Encoding (its body stays framed). */
  private static void appendEndToEnd(StringBuilder out, List<Header> headers,
      List<String> connectionTokens, boolean keepTransferEncoding) {
    for (Header h : headers) {
      String name = h.name().toLowerCase(Locale.ROOT);
      boolean framing = name.equals("transfer-encoding");
      if (!HOP_BY_HOP.contains(name) && !connectionTokens.contains(name)
          && (keepTransferEncoding || !framing)) {
        out.append(h.name()).append(": ").append(h.value()).append("\r\n");
      }
    }
  }

  private static int status(HttpHead head) throws HttpProtocolException {
    String[] parts = head.startLine().split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9]{2}")) {
      throw new HttpProtocolException(502, "Expected an HTTP/1.x status line from the origin");
    }
    return Integer.parseInt(parts[1]);
  }

  private static URI absoluteHttpUri(String target) throws HttpProtocolException {
    try {
      URI uri = new URI(target);
      if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below with the same message as any other unusable target.
    }
    throw new HttpProtocolException(400, "Expected an absolute http:// request-target (or "
        + "CONNECT host:port), got '" + target.substring(0, Math.min(80, target.length())) + "'");
  }

  private void originFor(String host, int port) throws IOException {
    String key = host + ":" + port;
    if (origin != null && !origin.isClosed() && key.equals(originKey)) {
      return;
    }
    close();
    Socket socket = server.connect(host, port);
    origin = socket;
    originKey = key;
    originIn = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    originOut = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  @Override
  public void close() {
    if (origin != null) {
      server.forget(origin);
      origin = null;
    }
  }
}
