package io.github.proxyauth.testkit.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and passwords the proxy accepts. Thread-safe; passwords may change while the proxy runs
 * (rotation). User names compare exactly as given (NTLM callers upper-case as the protocol says).
 */
public final class UserStore {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();

  /** Sets or replaces the password of {@code user}. */
  public void put(String user, String password) {
    passwords.put(user, password);
  }

  /** Removes {@code user}. */
  public void remove(String user) {
    passwords.remove(user);
  }

  /** Returns the password of {@code user}, or empty when unknown. */
  public Optional<String> password(String user) {
    return Optional.ofNullable(passwords.get(user));
  }

  /** Returns a snapshot of all users and passwords (NTLM looks users up case-insensitively). */
  public Map<String, String> snapshot() {
    return Map.copyOf(passwords);
  }
}
