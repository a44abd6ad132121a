package io.github.proxyauth.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;

/**
 * Runs code as a {@link Subject} so JGSS finds its Kerberos credentials: {@code Subject.callAs}
 * on JDK 18+ (found reflectively, so this compiles with release 17), {@code Subject.doAs} on 17.
 * The work runs synchronously on the calling thread. Thread-safe.
 */
final class SubjectBridge {
  private static final Optional<Method> CALL_AS = findCallAs();

  private SubjectBridge() {}

  /**
   * Returns what {@code action} returns when run as {@code subject}.
   *
   * @throws Exception what {@code action} threw, unwrapped from the JDK's wrappers
   */
  public static <T> T call(Subject subject, Callable<T> action) throws Exception {
    if (CALL_AS.isPresent()) {
      return callAs(CALL_AS.get(), subject, action);
    }
    return doAs(subject, action);
  }

  @SuppressWarnings("unchecked")
  private static <T> T callAs(Method callAs, Subject subject, Callable<T> action)
      throws Exception {
    try {
      return (T) callAs.invoke(null, subject, action);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw rethrowable(cause);
    }
  }

  @SuppressWarnings("removal")
  private static <T> T doAs(Subject subject, Callable<T> action) throws Exception {
    try {
      return Subject.doAs(subject, (PrivilegedExceptionAction<T>) action::call);
    } catch (PrivilegedActionException e) {
      throw rethrowable(e.getCause());
    }
  }

  private static Exception rethrowable(Throwable cause) {
    if (cause instanceof Error error) {
      throw error;
    }
    return (Exception) cause;
  }

  private static Optional<Method> findCallAs() {
    try {
      return Optional.of(Subject.class.getMethod("callAs", Subject.class, Callable.class));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
