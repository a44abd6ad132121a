package io.github.proxyauth.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Copies message bodies by their framing, with bounded line lengths. */
final class Bodies {
  private static final int BUFFER = 16 * 1024;

  private Bodies() {}

  /**
   * Copies one body from {@code in} to {@code out}. With {@code keepChunks}, a chunked body stays
   * chunked (trailers included); otherwise only its data is written.
   */
  static void copy(InputStream in, OutputStream out, Framing framing, boolean keepChunks)
      throws IOException {
    switch (framing.kind()) {
      case FIXED:
        copyFixed(in, out, framing.length());
        break;
      case CHUNKED:
        copyChunked(in, out, keepChunks);
        break;
      default:
        in.transferTo(out);
    }
  }

  /** Returns the whole body, refusing more than {@code limit} bytes. */
  static byte[] readAll(InputStream in, Framing framing, int limit) throws IOException {
    if (framing.kind() == Framing.Kind.FIXED && framing.length() > limit) {
      throw new HttpProtocolException(413, "Expected a body of at most " + limit
          + " bytes, got Content-Length " + framing.length());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    copy(in, new LimitedStream(body, limit), framing, false);
    return body.toByteArray();
  }

  private static void copyFixed(InputStream in, OutputStream out, long length)
      throws IOException {
    byte[] buf = new byte[BUFFER];
    long left = length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new HttpProtocolException(400, "Expected " + length + " body bytes, stream ended "
            + left + " bytes short");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out, boolean keepChunks)
      throws IOException {
    while (true) {
      String sizeLine = HeadReader.readLine(in, 1024, false).orElseThrow();
      long size = chunkSize(sizeLine);
      if (keepChunks) {
        writeAscii(out, Long.toHexString(size) + "\r\n");
      }
      if (size == 0) {
        copyTrailers(in, out, keepChunks);
        return;
      }
      copyFixed(in, out, size);
      if (!HeadReader.readLine(in, 2, false).orElseThrow().isEmpty()) {
        throw new HttpProtocolException(400, "Expected CRLF after chunk data");
      }
      if (keepChunks) {
        writeAscii(out, "\r\n");
      }
    }
  }

  private static void copyTrailers(InputStream in, OutputStream out, boolean keep)
      throws IOException {
    for (int i = 0; i <= HeadReader.MAX_FIELDS; i++) {
      String line = HeadReader.readLine(in, HeadReader.MAX_LINE, false).orElseThrow();
      if (keep) {
        writeAscii(out, line + "\r\n");
      }
      if (line.isEmpty()) {
        return;
      }
    }
    throw new HttpProtocolException(431, "Expected at most " + HeadReader.MAX_FIELDS + " trailers");
  }

  private static long chunkSize(String line) throws HttpProtocolException {
    int semicolon = line.indexOf(';');
    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    if (!hex.matches("[0-9a-fA-F]{1,15}")) {
      throw new HttpProtocolException(400, "Expected a hex chunk size, got '"
          + hex.substring(0, Math.min(20, hex.length())) + "'");
    }
    return Long.parseLong(hex, 16);
  }

  static void writeAscii(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Fails with 413 once more than {@code limit} bytes were written. */
  private static final class LimitedStream extends OutputStream {
    private final OutputStream delegate;
    private long left;

    LimitedStream(OutputStream delegate, long limit) {
      this.delegate = delegate;
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      left -= len;
      if (left < 0) {
        throw new HttpProtocolException(413, "Expected a smaller body; it exceeded the limit");
      }
      delegate.write(b, off, len);
    }
  }
}
