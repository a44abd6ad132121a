package io.github.proxyauth.cli;

import java.nio.file.Path;

/**
 * Points the JDK at a krb5.conf. The JDK reads the file once per JVM; to take a new one it must
 * reload, which needs {@code --add-exports java.security.jgss/sun.security.krb5=ALL-UNNAMED} (the
 * runnable jar's manifest carries it). Without it the file still applies when nothing in this
 * JVM used Kerberos before, which is the case for a CLI run.
 */
final class Krb5Config {
  static final String PROPERTY = "java.security.krb5.conf";

  private Krb5Config() {}

  /** Returns whether the JDK reloaded its configuration after pointing it at {@code file}. */
  static boolean use(Path file) {
    System.setProperty(PROPERTY, file.toAbsolutePath().toString());
    try {
      Class.forName("sun.security.krb5.Config").getMethod("refresh").invoke(null);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
