package io.github.proxyauth.cli;

/** Thrown when the command line is malformed: says what was expected and what was seen. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String command;

  UsageException(String message, String command) {
    super(message);
    this.command = command;
  }

  /** Returns the command whose usage applies, or empty for the top level. */
  String command() {
    return command;
  }
}
