package io.github.proxyauth.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and formats the auth-param list of a credentials value (RFC 9110 §11.2): {@code name =
 * token / quoted-string}, comma separated. Names are lower-cased; duplicates are an error.
 */
final class AuthParams {
  private static final String TCHAR = "!#$%&'*+-.^_`|~";

  private final String text;
  private int pos;

  private AuthParams(String text) {
    this.text = text;
  }

  /** Returns the parameters; throws IllegalArgumentException naming what and where. */
  static Map<String, String> parse(String text) {
    return new AuthParams(text).parseAll();
  }

  /** Returns {@code value} as a quoted-string. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Map<String, String> parseAll() {
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      skipSpaceAndCommas();
      if (pos == text.length()) {
        return params;
      }
      String name = token().toLowerCase(Locale.ROOT);
      skipSpace();
      expect('=');
      skipSpace();
      String value = pos < text.length() && text.charAt(pos) == '"' ? quoted() : token();
      if (params.put(name, value) != null) {
        throw error("a parameter name only once, got '" + name + "' twice");
      }
      skipSpace();
      if (pos < text.length()) {
        expect(',');
      }
    }
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && isTchar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("a token");
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      out.append(c);
    }
    throw error("a closing '\"'");
  }

  private void expect(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipSpaceAndCommas() {
    while (pos < text.length() && " \t,".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    // Never echo the text itself: it holds credentials.
    String seen = pos < text.length() ? "something else" : "the end";
    return new IllegalArgumentException(
        "Expected " + expected + " at index " + pos + " of the auth-params, got " + seen);
  }

  private static boolean isTchar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || TCHAR.indexOf(c) >= 0;
  }
}
