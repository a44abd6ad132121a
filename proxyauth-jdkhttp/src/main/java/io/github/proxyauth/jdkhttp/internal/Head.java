package io.github.proxyauth.jdkhttp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP/1.x message head: the start line and the header fields in arrival order.
 *
 * @param startLine the request line or status line, without CRLF
 * @param fields the header fields, names in their original case
 */
public record Head(String startLine, List<Field> fields) {

  public Head {
    fields = List.copyOf(fields);
  }

  /** One header field. */
  public record Field(String name, String value) {}

  /** Returns the first value of {@code name} (case-insensitive), or empty. */
  public Optional<String> value(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value)
        .findFirst();
  }

  /** Returns every value of {@code name} in order; empty if none. */
  public List<String> values(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value)
        .toList();
  }

  /** Returns the comma-separated tokens of every {@code name} field, lower-cased. */
  public List<String> tokens(String name) {
    List<String> out = new ArrayList<>();
    for (String value : values(name)) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          out.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  /** Returns this head without the fields named in {@code lowerCaseNames}. */
  public Head without(Set<String> lowerCaseNames) {
    return new Head(startLine, fields.stream()
        .filter(f -> !lowerCaseNames.contains(f.name().toLowerCase(Locale.ROOT))).toList());
  }

  /** Returns this head with {@code name: value} appended. */
  public Head with(String name, String value) {
    List<Field> copy = new ArrayList<>(fields);
    copy.add(new Field(name, value));
    return new Head(startLine, copy);
  }

  /** Returns this head with another start line. */
  public Head withStartLine(String line) {
    return new Head(line, fields);
  }

  /** Writes the head and its empty line (does not flush). */
  public void writeTo(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(256).append(startLine).append("\r\n");
    for (Field f : fields) {
      text.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Returns the status code of a status line. */
  public int status() throws HttpFailure {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
      throw HttpFailure.badGateway("Expected an HTTP status line from the proxy, got '"
          + Text.clip(startLine) + "'");
    }
    return Integer.parseInt(parts[1]);
  }

  /** Returns the HTTP version of a request or status line, {@code HTTP/1.1} if unreadable. */
  public String version() {
    String[] parts = startLine.split(" ");
    String v = startLine.startsWith("HTTP/") ? parts[0] : parts[parts.length - 1];
    return v.startsWith("HTTP/") ? v : "HTTP/1.1";
  }

  /**
   * Returns whether the connection stays open after this message, from its version and its
   * {@code Connection}/{@code Proxy-Connection} tokens (RFC 9112 §9.3).
   */
  public boolean keepAlive() {
    List<String> tokens = new ArrayList<>(tokens("Connection"));
    tokens.addAll(tokens("Proxy-Connection"));
    if (tokens.contains("close")) {
      return false;
    }
    return !version().equals("HTTP/1.0") || tokens.contains("keep-alive");
  }
}
