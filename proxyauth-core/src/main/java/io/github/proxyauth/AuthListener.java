package io.github.proxyauth;

/**
 * Receives {@link AuthEvent}s from the engine. Called synchronously on the thread that drives the
 * exchange, so implementations must be quick and thread-safe; exceptions they throw are logged and
 * ignored.
 */
@FunctionalInterface
public interface AuthListener {

  /** A listener that ignores every event. */
  AuthListener NONE = event -> {};

  /** Receives one event. */
  void onEvent(AuthEvent event);
}
