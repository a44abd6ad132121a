package io.github.proxyauth.spi;

import io.github.proxyauth.ProxyAuthException;

/**
 * Thrown when a {@code Proxy-Authenticate} field value does not follow RFC 9110 §11. The message
 * says what was expected, what was seen and at which index of the field value.
 */
public final class MalformedChallengeException extends ProxyAuthException {
  private static final long serialVersionUID = 1L;

  private final int index;

  /** Creates an exception for a problem at {@code index} (0-based) of the field value. */
  public MalformedChallengeException(String message, int index) {
    super(message);
    this.index = index;
  }

  /** Returns the 0-based index in the field value where parsing failed. */
  public int index() {
    return index;
  }
}
