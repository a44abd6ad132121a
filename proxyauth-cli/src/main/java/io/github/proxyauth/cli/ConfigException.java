package io.github.proxyauth.cli;

/**
 * Thrown when the configuration cannot be used (malformed proxy URL, unreadable password file,
 * unset variable); exit code 6. The message never contains a secret.
 */
final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }
}
