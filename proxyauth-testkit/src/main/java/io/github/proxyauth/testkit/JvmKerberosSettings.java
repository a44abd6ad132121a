package io.github.proxyauth.testkit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The JVM-wide state {@link TestKdc} touches, in one place: the system property {@code
 * java.security.krb5.conf}, the JDK's cached Kerberos configuration, and the one-KDC-per-JVM
 * rule that Apache Kerby forces. All methods synchronize on one lock.
 */
final class JvmKerberosSettings {
  static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
  private static final Object LOCK = new Object();
  private static Optional<String> openKdc = Optional.empty();

  private JvmKerberosSettings() {}

  /**
   * Reserves this JVM for a KDC of {@code realm}. Kerby 2.1.1 stores option values (realm, host,
   * ports) in its option enums, so a second KDC in the same JVM would silently reconfigure the
   * first; refuse it instead.
   */
  static void claim(String realm) {
    synchronized (LOCK) {
      if (openKdc.isPresent()) {
        throw new IllegalStateException("Expected no other TestKdc in this JVM but "
            + openKdc.get() + " is open; Apache Kerby keeps KDC settings in JVM-wide statics, "
            + "so close it before starting one for realm " + realm);
      }
      openKdc = Optional.of("a TestKdc for realm " + realm + " (starting)");
    }
  }

  /** Records which KDC is open in this JVM; empty frees the JVM for another. */
  static void markOpen(Optional<String> description) {
    synchronized (LOCK) {
      openKdc = description;
    }
  }

  /** Runs {@code action} (Kerby's {@code init()}, which sets the property) and undoes its change. */
  static <E extends Exception> void keepKrb5Conf(Action<E> action) throws E {
    synchronized (LOCK) {
      Optional<String> previous = current();
      try {
        action.run();
      } finally {
        setOrClear(previous);
      }
    }
  }

  /** Returns the property's value before this call, after pointing it at {@code krb5Conf}. */
  static Optional<String> install(Path krb5Conf) {
    synchronized (LOCK) {
      Optional<String> previous = current();
      System.setProperty(KRB5_CONF_PROPERTY, krb5Conf.toString());
      return previous;
    }
  }

  /** Sets the property back to {@code previous} (clearing it when empty). */
  static void restore(Optional<String> previous) {
    synchronized (LOCK) {
      setOrClear(previous);
      refreshJdkConfig();
    }
  }

  /**
   * Returns whether {@code sun.security.krb5.Config.refresh()} ran; it needs {@code
   * --add-exports java.security.jgss/sun.security.krb5=ALL-UNNAMED}.
   */
  static boolean refreshJdkConfig() {
    try {
      Class.forName("sun.security.krb5.Config").getMethod("refresh").invoke(null);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<String> current() {
    return Optional.ofNullable(System.getProperty(KRB5_CONF_PROPERTY));
  }

  private static void setOrClear(Optional<String> value) {
    if (value.isPresent()) {
      System.setProperty(KRB5_CONF_PROPERTY, value.get());
    } else {
      System.clearProperty(KRB5_CONF_PROPERTY);
    }
  }

  /** An action that may throw {@code E}. */
  @FunctionalInterface
  interface Action<E extends Exception> {
    void run() throws E;
  }
}
