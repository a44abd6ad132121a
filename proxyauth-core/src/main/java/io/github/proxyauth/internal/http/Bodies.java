package io.github.proxyauth.internal.http;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies, drains or skips message bodies by their {@link Framing}, in bulk. Chunked bodies are
 * re-framed from their parsed sizes (chunk extensions dropped, RFC 9112 §7.1.1) and trailers
 * checked like header fields, so no received framing byte is passed on unchecked. Copies flush
 * whenever the source has nothing more buffered, so a streamed body (server-sent events) reaches
 * the reader as it comes, while a bulk body goes out in large writes.
 */
public final class Bodies {
  /** The copy buffer: large, so that a bulk transfer costs few system calls. */
  public static final int BUFFER = 128 * 1024;
  /** The stream buffers: heads are read and written through them; larger reads bypass them. */
  public static final int STREAM_BUFFER = 16 * 1024;
  /** Longest chunk size line, extensions included. */
  public static final int MAX_CHUNK_LINE = 4096;
  private static final int MAX_CHUNK_DIGITS = 15;
  private static final OutputStream DISCARD = OutputStream.nullOutputStream();

  private Bodies() {}

  /** Copies one body from {@code in} to {@code out}. */
  public static void copy(InputStream in, OutputStream out, Framing framing) throws IOException {
    copy(in, out, framing, DISCARD, new byte[BUFFER]);
  }

  /**
   * Copies one body from {@code in} to {@code out} through {@code buffer}; {@code tee} sees the
   * bytes as sent (framing included).
   */
  public static void copy(InputStream in, OutputStream out, Framing framing, OutputStream tee,
      byte[] buffer) throws IOException {
    switch (framing.kind()) {
      case FIXED -> copyFixed(in, out, framing.length(), buffer, tee, framing.side());
      case CHUNKED -> copyChunked(in, out, buffer, tee, framing.side());
      case UNTIL_CLOSE -> copyUntilClose(in, out, buffer);
    }
  }

  /**
   * Reads and drops one body if it is at most {@code cap} bytes; returns whether it was read to
   * its end (the connection can carry another message). A close-delimited body, a Content-Length
   * over the cap and chunks adding up past it return false at once, with nothing more read.
   */
  public static boolean drain(InputStream in, Framing framing, long cap) throws IOException {
    return switch (framing.kind()) {
      case FIXED -> framing.length() <= cap && skip(in, framing.length(), framing.side());
      case CHUNKED -> drainChunked(in, cap, framing.side());
      case UNTIL_CLOSE -> false;
    };
  }

  private static boolean drainChunked(InputStream in, long cap, Side side) throws IOException {
    long total = 0; // framing bytes count too: endless chunk extensions must not dodge the cap
    while (true) {
      HeadReader.Lines lines = chunkLines(in, side);
      long size = chunkSize(lines);
      if (size == 0) {
        HeadReader.trailers(in, side);
        return true;
      }
      total += size + lines.used();
      if (total > cap) {
        return false;
      }
      skip(in, size, side);
      chunkEnd(in, side);
    }
  }

  private static boolean skip(InputStream in, long length, Side side) throws IOException {
    byte[] buffer = new byte[(int) Math.min(STREAM_BUFFER, Math.max(1, length))];
    copyFixed(in, DISCARD, length, buffer, DISCARD, side);
    return true;
  }

  private static void copyFixed(InputStream in, OutputStream out, long length, byte[] buffer,
      OutputStream tee, Side side) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new HttpProtocolException(side, Violation.TRUNCATED, length + " body bytes",
            "the end of the stream after " + (length - left), "the body");
      }
      out.write(buffer, 0, n);
      tee.write(buffer, 0, n);
      left -= n;
      if (left > 0 && in.available() == 0) {
        out.flush(); // the rest is not here yet: pass on what is
      }
    }
  }

  private static void copyChunked(InputStream in, OutputStream out, byte[] buffer,
      OutputStream tee, Side side) throws IOException {
    while (true) {
      if (in.available() == 0) {
        out.flush(); // each chunk as it comes: a chunked body may be an event stream
      }
      long size = chunkSize(chunkLines(in, side));
      write(out, tee, Long.toHexString(size) + "\r\n");
      if (size == 0) {
        copyTrailers(in, out, tee, side);
        return;
      }
      copyFixed(in, out, size, buffer, tee, side);
      chunkEnd(in, side);
      write(out, tee, "\r\n");
    }
  }

  private static void copyTrailers(InputStream in, OutputStream out, OutputStream tee, Side side)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (Head.Field field : HeadReader.trailers(in, side)) {
      text.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
    write(out, tee, text.append("\r\n").toString());
  }

  private static void write(OutputStream out, OutputStream tee, String text) throws IOException {
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

  /** Reads a chunk size line: {@code 1*HEXDIG [BWS] [";" extensions]} (RFC 9112 §7.1). */
  private static long chunkSize(HeadReader.Lines lines) throws IOException {
    String line = lines.next();
    if (line == null) {
      throw lines.truncated();
    }
    long size = 0;
    int i = 0;
    int significant = 0;
    for (; i < line.length(); i++) {
      int digit = Character.digit(line.charAt(i), 16);
      if (digit < 0) {
        break;
      }
      if ((significant > 0 || digit > 0) && ++significant > MAX_CHUNK_DIGITS) {
        throw badChunk(lines, "a chunk size of at most " + MAX_CHUNK_DIGITS + " hex digits", line);
      }
      size = size * 16 + digit;
    }
    int end = i;
    while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
      end++;
    }
    if (i == 0 || (end < line.length() && line.charAt(end) != ';')) {
      throw badChunk(lines, "a hexadecimal chunk size", line);
    }
    return size;
  }

  private static void chunkEnd(InputStream in, Side side) throws IOException {
    HeadReader.Lines lines = chunkLines(in, side);
    String line = lines.next();
    if (line == null) {
      throw lines.truncated();
    }
    if (!line.isEmpty()) {
      throw badChunk(lines, "CRLF after the chunk data", line);
    }
  }

  private static HeadReader.Lines chunkLines(InputStream in, Side side) {
    return new HeadReader.Lines(in, side, "chunked body", MAX_CHUNK_LINE + 2, MAX_CHUNK_LINE);
  }

  private static HttpProtocolException badChunk(HeadReader.Lines lines, String expected,
      String line) {
    return lines.fail(Violation.MALFORMED_CHUNK, expected, HttpProtocolException.quoted(line));
  }
}
