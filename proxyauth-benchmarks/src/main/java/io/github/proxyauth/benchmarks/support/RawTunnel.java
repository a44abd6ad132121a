package io.github.proxyauth.benchmarks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Returns the bytes read from the raw origin through a CONNECT tunnel opened by hand. */
public final class RawTunnel {
  private static final int MAX_HEAD = 8192;

  private RawTunnel() {}

  /**
   * Opens a tunnel through {@code proxy} to 127.0.0.1:{@code originPort} (sending {@code header}
   * if present, e.g. the relay's secret), asks the raw origin for {@code bytes} and returns how
   * many arrived.
   */
  public static long download(InetSocketAddress proxy, int originPort, long bytes,
      Optional<String> header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(proxy, 30_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String target = "127.0.0.1:" + originPort;
      out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
          + header.map(h -> h + "\r\n").orElse("") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
        throw new IOException("Expected 200 to CONNECT but got '" + head.lines().findFirst()
            .orElse("") + "'");
      }
      out.write((bytes + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return drain(in);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0 || head.length() > MAX_HEAD) {
        throw new IOException("Expected a CONNECT response head but the stream ended after "
            + head.length() + " bytes");
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
