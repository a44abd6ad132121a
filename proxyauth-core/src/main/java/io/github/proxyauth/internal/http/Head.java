package io.github.proxyauth.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP/1.x message head: the start line and the header fields in arrival order. Heads read by
 * {@link HeadReader} have a checked start line and fields.
 *
 * @param startLine the request line or status line, without CRLF
 * @param fields the header fields, names in their original case
 */
public record Head(String startLine, List<Field> fields) {

  public Head {
    fields = List.copyOf(fields);
  }

  /** One header field; the value without surrounding whitespace. */
  public record Field(String name, String value) {}

  /** Returns the first value of {@code name} (case-insensitive), or empty. */
  public Optional<String> value(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** Returns every value of {@code name} in order; empty if none. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(2);
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        out.add(f.value());
      }
    }
    return out;
  }

  /** Returns whether a field {@code name} is present. */
  public boolean has(String name) {
    return value(name).isPresent();
  }

  /** Returns the comma-separated list elements of every {@code name} field, lower-cased. */
  public List<String> tokens(String name) {
    List<String> out = new ArrayList<>(2);
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        addTokens(f.value(), out);
      }
    }
    return out;
  }

  private static void addTokens(String value, List<String> out) {
    int start = 0;
    while (start <= value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      String token = value.substring(start, end).strip();
      if (!token.isEmpty()) {
        out.add(token.toLowerCase(Locale.ROOT));
      }
      start = end + 1;
    }
  }

  /** Returns this head without the fields named in {@code lowerCaseNames}. */
  public Head without(Set<String> lowerCaseNames) {
    List<Field> kept = new ArrayList<>(fields.size());
    for (Field f : fields) {
      if (!named(lowerCaseNames, f.name())) {
        kept.add(f);
      }
    }
    return new Head(startLine, kept);
  }

  /**
   * Returns whether {@code lowerCaseNames} holds {@code name} lower-cased ({@link Locale#ROOT}),
   * without building that string for an ASCII name (one per field and request on the relay's
   * path): A-Z compared as a-z, anything else exactly.
   */
  private static boolean named(Set<String> lowerCaseNames, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return lowerCaseNames.contains(name.toLowerCase(Locale.ROOT));
      }
    }
    for (String lower : lowerCaseNames) {
      if (lower.length() == name.length() && asciiLowerCaseOf(lower, name)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code lower} is the ASCII string {@code name} with A-Z lower-cased. */
  private static boolean asciiLowerCaseOf(String lower, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Returns this head with {@code name: value} appended. */
  public Head with(String name, String value) {
    List<Field> copy = new ArrayList<>(fields.size() + 1);
    copy.addAll(fields);
    copy.add(new Field(name, value));
    return new Head(startLine, copy);
  }

  /** Returns this head with another start line. */
  public Head withStartLine(String line) {
    return new Head(line, fields);
  }

  /** Writes the head and its empty line with CRLF line ends (does not flush). */
  public void writeTo(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(256).append(startLine).append("\r\n");
    for (Field f : fields) {
      text.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Returns the status code of a response head. */
  public int status() throws HttpProtocolException {
    return StatusLine.parse(startLine).code();
  }

  /** Returns the HTTP version of a request or status line, {@code HTTP/1.1} if unreadable. */
  public String version() {
    String v = startLine.startsWith("HTTP/")
        ? startLine.substring(0, Math.max(0, startLine.indexOf(' ')))
        : startLine.substring(startLine.lastIndexOf(' ') + 1);
    return v.startsWith("HTTP/") ? v : "HTTP/1.1";
  }

  /**
   * Returns whether the connection stays open after this message, from its version and its
   * {@code Connection}/{@code Proxy-Connection} options (RFC 9112 §9.3).
   */
  public boolean keepAlive() {
    List<String> options = tokens("Connection");
    options.addAll(tokens("Proxy-Connection"));
    if (options.contains("close")) {
      return false;
    }
    return !version().equals("HTTP/1.0") || options.contains("keep-alive");
  }
}
