package io.github.proxyauth.internal.http;

import java.net.ProtocolException;

/**
 * Thrown when an HTTP/1.1 message breaks RFC 9112 or one of this layer's limits. The message says
 * what was expected, what was seen (printable, clipped) and where; {@link #violation()} says which
 * rule, {@link #side()} whose message it was (a relay answers 400 for a request, 502 for a
 * response).
 */
public final class HttpProtocolException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** Whose message broke the rules. */
  public enum Side {
    /** A request (a client of the relay). */
    REQUEST,
    /** A response (the proxy, or an origin through it). */
    RESPONSE;

    String noun() {
      return this == REQUEST ? "request" : "response";
    }
  }

  /** The rule that was broken. */
  public enum Violation {
    /** The start line is not {@code HTTP/1.x NNN reason} or {@code METHOD target HTTP/1.x}. */
    MALFORMED_START_LINE,
    /** A CR not followed by LF (RFC 9112 §2.2). */
    BARE_CR,
    /** A control character other than HTAB (NUL, DEL...) in a line (RFC 9110 §5.5). */
    CONTROL_CHARACTER,
    /** A field line that is not {@code token ":" OWS value OWS} (RFC 9112 §5). */
    MALFORMED_FIELD,
    /** A line starting with whitespace: obsolete line folding (RFC 9112 §5.2). */
    OBSOLETE_LINE_FOLDING,
    /** The head exceeds {@link HeadReader#MAX_HEAD_BYTES}. */
    HEAD_TOO_LARGE,
    /** A line exceeds {@link HeadReader#MAX_LINE_BYTES} (or a chunk line its limit). */
    LINE_TOO_LONG,
    /** More than {@link HeadReader#MAX_FIELDS} field lines. */
    TOO_MANY_FIELDS,
    /** The stream ended inside a head or body. */
    TRUNCATED,
    /** The proxy closed the connection without answering. */
    NO_RESPONSE,
    /** More interim (1xx) responses than {@link ProxyHandshake#MAX_INTERIM}. */
    TOO_MANY_INTERIM_RESPONSES,
    /** A Content-Length that is not one decimal number (RFC 9110 §8.6). */
    INVALID_CONTENT_LENGTH,
    /** More than one Content-Length value, even equal ones ({@code 5, 5} too). */
    MULTIPLE_CONTENT_LENGTH,
    /** A transfer coding other than exactly {@code chunked} (RFC 9112 §6.1). */
    UNSUPPORTED_TRANSFER_CODING,
    /** Both Content-Length and Transfer-Encoding (RFC 9112 §6.3: possible smuggling). */
    CONTENT_LENGTH_WITH_TRANSFER_ENCODING,
    /** Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1). */
    TRANSFER_ENCODING_IN_HTTP10,
    /** A chunk size line or chunk end that breaks RFC 9112 §7.1. */
    MALFORMED_CHUNK
  }

  private final Side side;
  private final Violation violation;

  HttpProtocolException(Side side, Violation violation, String expected, String seen,
      String where) {
    super("Expected " + expected + " in " + where + " of a " + side.noun() + ", got " + seen);
    this.side = side;
    this.violation = violation;
  }

  /** Returns whose message broke the rules. */
  public Side side() {
    return side;
  }

  /** Returns the rule that was broken. */
  public Violation violation() {
    return violation;
  }

  /** Returns {@code s} quoted as printable ASCII, at most 80 characters: for messages. */
  static String quoted(String s) {
    return "'" + Excerpt.of(s, 80) + "'";
  }
}
