package io.github.proxyauth.cli;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows the local proxy's own warnings (a TLS client on the plain port, refused addresses, a
 * throwing access log...; {@code System.Logger} {@value #LOGGER}, which the JDK sends to
 * {@code java.util.logging}) on serve's stderr, one line each, {@code proxyauth serve: warning:
 * ...}, instead of the JDK's two-line console format. The relay's messages never hold a secret.
 */
final class RelayWarnings implements AutoCloseable {
  static final String LOGGER = "io.github.proxyauth.relay";
  private static final String PREFIX = "proxyauth relay: ";

  /** Held strongly: java.util.logging keeps only weak references to its loggers. */
  private final Logger logger = Logger.getLogger(LOGGER);
  private final boolean parents = logger.getUseParentHandlers();
  private final Handler handler;

  private RelayWarnings(PrintStream err) {
    handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() < Level.WARNING.intValue()) {
          return;
        }
        String message = String.valueOf(r.getMessage());
        message = message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
        if (r.getThrown() != null) {
          message += " (" + r.getThrown() + ")";
        }
        err.println("proxyauth serve: warning: " + oneLine(message));
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        flush();
      }
    };
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  /** Sends the relay's warnings to {@code err} until {@link #close()}. */
  static RelayWarnings install(PrintStream err) {
    return new RelayWarnings(err);
  }

  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parents);
  }
}
