package io.github.proxyauth.testkit.internal.ntlm;

/**
 * Thrown when an NTLM message is truncated, points outside itself, or is otherwise not what
 * MS-NLMP §2.2 describes. The message says what was expected, what was seen and where; it never
 * contains message bytes.
 */
public final class MalformedNtlmException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message fit for a test log. */
  public MalformedNtlmException(String message) {
    super(message);
  }
}
