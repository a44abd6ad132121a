package io.github.proxyauth;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when proxy authentication cannot go on: no usable scheme, credentials rejected, too many
 * attempts, a malformed or hostile challenge, or a scheme that failed (for example no Kerberos
 * ticket). It extends {@link IOException} so that it travels through the {@code throws IOException}
 * call paths of OkHttp and {@code java.net.http}.
 *
 * <p>The message says what happened and what to fix; {@link #diagnosis()} carries the same facts in
 * structured form when the engine produced them. Neither ever contains a password, a
 * {@code Proxy-Authorization} value or a token.
 */
public class ProxyAuthException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Diagnosis diagnosis;

  /** Creates an exception with a message that already says what to fix. */
  public ProxyAuthException(String message) {
    this(message, null, null);
  }

  /** Creates an exception with a message and the failure that caused it. */
  public ProxyAuthException(String message, @Nullable Throwable cause) {
    this(message, cause, null);
  }

  /** Creates an exception from the engine's diagnosis; the message is {@link Diagnosis#describe()}. */
  public ProxyAuthException(Diagnosis diagnosis) {
    this(Objects.requireNonNull(diagnosis, "diagnosis").describe(), null, diagnosis);
  }

  /** Creates an exception from a diagnosis and the failure that caused it. */
  public ProxyAuthException(Diagnosis diagnosis, @Nullable Throwable cause) {
    this(Objects.requireNonNull(diagnosis, "diagnosis").describe(), cause, diagnosis);
  }

  private ProxyAuthException(String message, @Nullable Throwable cause, @Nullable Diagnosis diagnosis) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.diagnosis = diagnosis;
  }

  /** Returns the engine's structured diagnosis, or empty when this failure happened outside it. */
  public Optional<Diagnosis> diagnosis() {
    return Optional.ofNullable(diagnosis);
  }
}
