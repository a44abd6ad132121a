package io.github.proxyauth.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One fuzz input sent raw to a server under test (a relay or local proxy on loopback): the bytes,
 * a half-close, and everything the server answered before it closed, each wait bounded.
 */
public final class FuzzExchange {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_ANSWER = 4 << 20;

  private FuzzExchange() {}

  /**
   * Sends {@code input} to {@code server}, half-closes, and returns what it answered before
   * closing, as ISO-8859-1 text.
   *
   * @param who what the server is, for the failure message ("relay", "proxy")
   * @throws AssertionError when the server neither answers nor closes within 10 s
   */
  public static String exchange(InetSocketAddress server, String who, byte[] input)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      try {
        socket.getOutputStream().write(input);
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server may refuse and close before reading everything: its answer still counts.
      }
      return readAll(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the " + who + " neither answered nor closed within 10 s", e);
    }
  }

  /**
   * Returns what {@code in} holds up to its end (or the first read past 4 MiB) as ISO-8859-1
   * text; a reset after the answer ends it too.
   */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; out.size() < MAX_ANSWER && (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer: what arrived before it is the answer.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
