package io.github.proxyauth.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Raw HTTP/1.1 on a socket, for tests that need to see exactly what the local proxy answers. */
final class Wire {
  private Wire() {}

  /** Returns a socket connected to {@code address}, reads bounded by 30 s. */
  static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Returns the response head, through its blank line. */
  static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("Expected a response head, the stream ended after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Returns the head and its Content-Length body. */
  static String response(InputStream in) throws IOException {
    String head = head(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a GET for {@code url} in absolute form with {@code extra} header lines. */
  static String get(String url, String extra) {
    String host = url.replaceFirst("^http://", "").replaceFirst("/.*$", "");
    return "GET " + url + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "\r\n";
  }

  static String connect(String authority, String extra) {
    return "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + extra + "\r\n";
  }
}
