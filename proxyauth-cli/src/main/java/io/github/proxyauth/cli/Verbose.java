package io.github.proxyauth.cli;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code -v} view: one line per engine event and per message head, credentials masked to
 * their scheme ({@code Proxy-Authorization: NTLM <redacted>}): no length, which for Basic would
 * give away the password's.
 */
final class Verbose implements AuthListener {
  private final PrintStream err;

  Verbose(PrintStream err) {
    this.err = err;
  }

  @Override
  public void onEvent(AuthEvent event) {
    err.println("* " + event.proxy() + " " + event.type().name().toLowerCase(Locale.ROOT)
        .replace('_', ' ') + event.scheme().map(s -> " [" + s + "]").orElse("")
        + ": " + event.detail());
  }

  void line(String text) {
    err.println(text);
  }

  /** Returns "name: value" with credentials and opaque tokens masked. */
  static String header(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("proxy-authorization") || lower.equals("authorization")
        || lower.equals("proxy-relay-token") || lower.equals("cookie")) {
      return name + ": " + masked(value);
    }
    if (lower.equals("proxy-authenticate") || lower.equals("www-authenticate")) {
      int space = value.indexOf(' ');
      boolean token = space > 0 && !value.substring(space + 1).contains("=\"");
      return name + ": " + (token && value.length() - space > 20 ? masked(value) : value);
    }
    return name + ": " + value;
  }

  /** Returns the scheme of a credential value, never the rest nor its length. */
  static String masked(String value) {
    int space = value.indexOf(' ');
    return (space < 0 ? "" : value.substring(0, space) + " ") + "<redacted>";
  }
}
