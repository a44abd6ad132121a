package io.github.proxyauth.cli;

import io.github.proxyauth.relay.AccessLogEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The access log of {@code serve}: one line per request or tunnel, to stderr ({@code -}), a file
 * (appended; re-opened on reload, for log rotation) or nowhere ({@code none}). Lines are
 * {@code key=value} fields after a UTC timestamp; a value with a space or quote is quoted, control
 * characters are escaped. Entries hold no secret (no query string, no header value), so neither
 * do the lines. Thread-safe.
 */
final class AccessLog implements Consumer<AccessLogEntry>, AutoCloseable {
  static final String STDERR = "-";
  static final String NONE = "none";
  private final String where;
  private final PrintStream err;
  private @Nullable Writer file;
  private boolean failed;

  private AccessLog(String where, PrintStream err) {
    this.where = where;
    this.err = err;
  }

  /** Returns the log {@code where} names, opened now. */
  static AccessLog open(String where, PrintStream err) throws ConfigException {
    AccessLog log = new AccessLog(where, err);
    log.reopen();
    return log;
  }

  /** Returns where lines go, as configured. */
  String where() {
    return where;
  }

  /** Re-opens the file, so that a rotated log gets a new one. */
  synchronized void reopen() throws ConfigException {
    if (where.equals(STDERR) || where.equals(NONE)) {
      return;
    }
    closeFile();
    try {
      file = Files.newBufferedWriter(Path.of(where), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      failed = false;
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("--access-log " + where + ": cannot open it for appending ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void accept(AccessLogEntry entry) {
    if (where.equals(NONE)) {
      return;
    }
    String line = format(entry);
    synchronized (this) {
      if (file == null) {
        err.println(line);
        return;
      }
      try {
        file.write(line);
        file.write('\n');
        file.flush();
      } catch (IOException e) {
        if (!failed) {
          failed = true;
          err.println("proxyauth serve: access log " + where + ": cannot write ("
              + e.getClass().getSimpleName() + "); lines are lost until the next reload");
        }
      }
    }
  }

  /** Returns the line for {@code entry}. */
  static String format(AccessLogEntry e) {
    StringBuilder line = new StringBuilder(DateTimeFormatter.ISO_INSTANT.format(
        e.start().truncatedTo(ChronoUnit.MILLIS)));
    field(line, "client", ListenAddress.display(e.client()));
    field(line, "method", e.method());
    field(line, "target", e.target());
    field(line, "route", e.route());
    field(line, "why", e.why());
    field(line, "scheme", e.scheme().orElse("-"));
    field(line, "status", Integer.toString(e.status()));
    field(line, "bytes", Long.toString(e.bytesToClient()));
    field(line, "bytes_in", Long.toString(e.bytesFromClient()));
    field(line, "ms", Long.toString(e.millis()));
    field(line, "failure", e.failure().orElse("-"));
    return line.toString();
  }

  private static void field(StringBuilder line, String key, String value) {
    line.append(' ').append(key).append('=');
    boolean quote = value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"'
        || c == '=');
    line.append(quote ? "\"" : "");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        line.append(String.format("\\x%02x", (int) c));
      } else {
        line.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
      }
    }
    line.append(quote ? "\"" : "");
  }

  private void closeFile() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // nothing more to write to it
      }
      file = null;
    }
  }

  @Override
  public synchronized void close() {
    closeFile();
  }
}
