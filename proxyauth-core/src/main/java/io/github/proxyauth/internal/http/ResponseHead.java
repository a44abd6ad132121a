package io.github.proxyauth.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The status line and header fields of one HTTP/1.x response.
 *
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status the status code
 * @param reason the reason phrase, possibly empty
 * @param headers the fields in order, names as sent
 */
public record ResponseHead(String version, int status, String reason, List<Field> headers) {

  /** One header field. */
  public record Field(String name, String value) {}

  public ResponseHead {
    headers = List.copyOf(headers);
  }

  /** Returns every value of the field {@code name} (case-insensitive), in order. */
  public List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (Field f : headers) {
      if (f.name().equalsIgnoreCase(name)) {
        values.add(f.value());
      }
    }
    return values;
  }

  /** Returns the first value of {@code name}, or empty. */
  public Optional<String> value(String name) {
    List<String> values = values(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Returns true when {@code name} lists the token {@code token} (as in Connection: close). */
  public boolean hasToken(String name, String token) {
    for (String value : values(name)) {
      for (String part : value.split(",")) {
        if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns true when the proxy will close the connection after this response: {@code Connection:
   * close}, {@code Proxy-Connection: close}, or HTTP/1.0 without keep-alive.
   */
  public boolean closesConnection() {
    if (hasToken("Connection", "close") || hasToken("Proxy-Connection", "close")) {
      return true;
    }
    return version.equals("HTTP/1.0") && !hasToken("Connection", "keep-alive")
        && !hasToken("Proxy-Connection", "keep-alive");
  }
}
