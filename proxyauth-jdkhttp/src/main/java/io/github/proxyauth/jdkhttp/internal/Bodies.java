package io.github.proxyauth.jdkhttp.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies or skips message bodies by their framing, in bulk. Chunked bodies are re-framed from their
 * parsed sizes, trailers checked. Copies flush whenever the source has nothing more buffered, so a
 * slow or streamed body (server-sent events) reaches the client as it comes, while a bulk body goes
 * out in large writes.
 */
final class Bodies {
  /** The copy buffer: large, so that a bulk transfer costs few system calls. */
  static final int BUFFER = 128 * 1024;
  /** The stream buffers: heads are read and written through them; larger reads bypass them. */
  static final int STREAM_BUFFER = 16 * 1024;
  private static final int LINE_LIMIT = 8 * 1024;
  private static final int TRAILER_LIMIT = 64 * 1024;
  private static final OutputStream DISCARD = OutputStream.nullOutputStream();

  private Bodies() {}

  /**
   * Copies one body from {@code in} to {@code out}; {@code tee} ({@link TeeBuffer#NONE} for none)
   * sees the bytes as sent.
   */
  static void copy(InputStream in, OutputStream out, Framing framing, TeeBuffer tee)
      throws IOException {
    copy(in, out, framing, tee, new byte[BUFFER]);
  }

  /** Copies one body as the other {@code copy} does, through {@code buffer}. */
  static void copy(InputStream in, OutputStream out, Framing framing, TeeBuffer tee,
      byte[] buffer) throws IOException {
    switch (framing.kind()) {
      case FIXED -> copyFixed(in, out, framing.length(), buffer, tee);
      case CHUNKED -> copyChunked(in, out, buffer, tee);
      case UNTIL_CLOSE -> copyUntilClose(in, out, buffer);
    }
  }

  /** Reads and drops one body; used for 407 pages. */
  static void discard(InputStream in, Framing framing) throws IOException {
    copy(in, DISCARD, framing, TeeBuffer.NONE, new byte[STREAM_BUFFER]);
  }

  private static void copyFixed(InputStream in, OutputStream out, long length, byte[] buffer,
      TeeBuffer tee) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("Expected " + length + " body bytes, stream ended after "
            + (length - left));
      }
      out.write(buffer, 0, n);
      tee.write(buffer, 0, n);
      left -= n;
      if (left > 0 && in.available() == 0) {
        out.flush(); // the rest is not here yet: pass on what is
      }
    }
  }

  private static void copyChunked(InputStream in, OutputStream out, byte[] buffer, TeeBuffer tee)
      throws IOException {
    while (true) {
      if (in.available() == 0) {
        out.flush(); // each chunk as it comes: a chunked body may be an event stream
      }
      long size = chunkSize(line(in));
      // Re-framed from the parsed size: chunk extensions are dropped (RFC 9112 §7.1.1 lets a
      // recipient ignore them), so no received framing byte is passed on unchecked.
      write(out, tee, Long.toHexString(size) + "\r\n");
      if (size == 0) {
        copyTrailers(in, out, tee);
        return;
      }
      copyFixed(in, out, size, buffer, tee);
      String end = line(in);
      if (!end.isEmpty()) {
        throw new IOException("Expected CRLF after a chunk, got '" + Text.oneLine(end, 200) + "'");
      }
      write(out, tee, "\r\n");
    }
  }

  /** Copies the trailer section, each field checked like a header field, at most 64 KiB. */
  private static void copyTrailers(InputStream in, OutputStream out, TeeBuffer tee)
      throws IOException {
    int used = 0;
    while (true) {
      String line = HeadReader.checkText(line(in), 502);
      used += line.length() + 2;
      if (used > TRAILER_LIMIT) {
        throw new IOException("Expected a trailer section under " + TRAILER_LIMIT
            + " bytes, got more");
      }
      if (line.isEmpty()) {
        write(out, tee, "\r\n");
        return;
      }
      Head.Field field = HeadReader.field(line, 502);
      write(out, tee, field.name() + ": " + field.value() + "\r\n");
    }
  }

  private static void write(OutputStream out, TeeBuffer tee, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.write(bytes);
    tee.write(bytes, 0, bytes.length);
  }

  private static void copyUntilClose(InputStream in, OutputStream out, byte[] buffer)
      throws IOException {
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      if (in.available() == 0) {
        out.flush(); // stream as it comes: a close-delimited body may be an event stream
      }
    }
  }

  static long chunkSize(String line) throws IOException {
    int semicolon = line.indexOf(';');
    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    if (!hex.matches("[0-9a-fA-F]{1,15}")) {
      throw new IOException("Expected a hexadecimal chunk size, got '" + Text.oneLine(line, 200)
          + "'");
    }
    return Long.parseLong(hex, 16);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(16);
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new EOFException("Expected a line of chunked framing, stream ended");
      }
      if (line.size() >= LINE_LIMIT) {
        throw new IOException("Expected a chunk line under " + LINE_LIMIT + " bytes, got more");
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
