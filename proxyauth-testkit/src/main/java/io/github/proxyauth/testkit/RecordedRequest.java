package io.github.proxyauth.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Returns, as a value, one request as the {@link TestProxy} received it: the request head, which
 * TCP connection carried it, and what the proxy's authentication check decided.
 *
 * <p>Immutable and thread-safe. {@link #toString()} redacts credential header values (it shows
 * the scheme only), so a recorded request can be printed in a failing test without leaking a
 * secret.
 *
 * @param method the request method as sent, for example {@code GET} or {@code CONNECT}
 * @param target the request-target as sent: an absolute URI, or {@code host:port} for CONNECT
 * @param version the HTTP version of the request line, for example {@code HTTP/1.1}
 * @param headers the header fields in arrival order, names in their original case
 * @param connectionId the {@link RecordedConnection#id()} of the connection that carried it
 * @param sequenceNumber the position among all requests this proxy received, counting from 0
 * @param auth what the authentication check decided
 * @param user the authenticated user; empty unless {@code auth} let the request through as a user
 */
public record RecordedRequest(
    String method,
    String target,
    String version,
    List<Header> headers,
    long connectionId,
    long sequenceNumber,
    Auth auth,
    Optional<String> user) {

  /** Copies the header list; rejects nulls. */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    headers = List.copyOf(headers);
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(user, "user");
  }

  /** Returns whether this is a {@code CONNECT} (tunnel) request. */
  public boolean isConnect() {
    return method.equals("CONNECT");
  }

  /** Returns the first value of the header {@code name} (case-insensitive), or empty if absent. */
  public Optional<String> header(String name) {
    return headers(name).stream().findFirst();
  }

  /** Returns every value of the header {@code name} (case-insensitive) in order; empty if none. */
  public List<String> headers(String name) {
    Objects.requireNonNull(name, "name");
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Returns a summary with credential header values redacted. */
  @Override
  public String toString() {
    return "RecordedRequest{" + method + " " + target + " " + version + ", connection="
        + connectionId + ", sequence=" + sequenceNumber + ", auth=" + auth
        + user.map(u -> ", user=" + u).orElse("") + ", headers=" + headers + "}";
  }

  /**
   * Returns, as a value, one header field as received. {@link #toString()} shows only the scheme of
   * a {@code Proxy-Authorization} or {@code Authorization} value.
   *
   * @param name the field name in its original case
   * @param value the field value without surrounding whitespace
   */
  public record Header(String name, String value) {

    /** Rejects nulls. */
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /** Returns {@code name: value}, with credentials redacted. */
    @Override
    public String toString() {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("proxy-authorization") || lower.equals("authorization")) {
        int space = value.indexOf(' ');
        return name + ": " + (space < 0 ? value : value.substring(0, space)) + " <redacted>";
      }
      return name + ": " + value;
    }
  }

  /** What the proxy's authentication check decided for one request. */
  public enum Auth {
    /** The proxy requires no authentication; the request went through. */
    NOT_REQUIRED,
    /** The {@code Proxy-Authorization} value was correct; the request went through. */
    ACCEPTED,
    /** No header, but the connection was authenticated earlier (NTLM); it went through. */
    CONNECTION_AUTHENTICATED,
    /** No usable {@code Proxy-Authorization}; the proxy answered 407 with fresh challenges. */
    MISSING,
    /**
     * The handshake goes on: the proxy answered 407 with one continuation challenge (an NTLM
     * Type 2, a Negotiate continuation token, or a Digest challenge with {@code stale=true}).
     */
    CONTINUED,
    /**
     * The credentials were wrong, malformed, for an unknown user or scheme, or refused by {@link
     * Fault#ENDLESS_407}; the proxy answered 407 with fresh challenges.
     */
    REJECTED
  }
}
