package io.github.proxyauth.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A hand-driven HTTP/1.1 client on a raw socket, for cases real clients cannot produce. */
final class RawClient implements AutoCloseable {
  static final int TIMEOUT_MILLIS = 5_000;

  private final Socket socket = new Socket();
  private final InputStream in;
  private final OutputStream out;

  RawClient(InetSocketAddress address) throws IOException {
    socket.connect(address, TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  Socket socket() {
    return socket;
  }

  RawClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** Returns the next response; its body is read by Content-Length, chunks or until close. */
  Response read() throws IOException {
    return read(false);
  }

  Response read(boolean headOnly) throws IOException {
    String status = line();
    List<String[]> headers = new ArrayList<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
    }
    Response head = new Response(status, headers, "");
    if (headOnly || head.code() / 100 == 1 || head.code() == 204 || head.code() == 304) {
      return head;
    }
    return new Response(status, headers, body(head));
  }

  private String body(Response head) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head.header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
      for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (head.header("Content-Length").isPresent()) {
      body.write(in.readNBytes(Integer.parseInt(head.header("Content-Length").get())));
    } else {
      in.transferTo(body);
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  /** Returns whether the peer closes the connection (end of stream) within the timeout. */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // a reset is a close too
    }
  }

  String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("End of stream after '" + line + "'");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
  }

  InputStream input() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** One response as read. */
  record Response(String statusLine, List<String[]> headers, String body) {
    int code() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    Optional<String> header(String name) {
      return headers(name).stream().findFirst();
    }

    List<String> headers(String name) {
      return headers.stream().filter(h -> h[0].toLowerCase(Locale.ROOT)
          .equals(name.toLowerCase(Locale.ROOT))).map(h -> h[1]).collect(Collectors.toList());
    }
  }
}
