package io.github.proxyauth.internal.negotiate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSException;

/**
 * Runs GSS-API work as a Subject: {@code Subject.callAs} where it exists (JDK 18+, found by
 * reflection because the code targets 17), else {@code Subject.doAs}. JGSS finds the Kerberos
 * tickets through the Subject bound this way, so the work must run synchronously inside.
 */
final class SubjectCall {
  private static final Optional<Method> CALL_AS = callAs();

  /** A piece of GSS-API work. */
  interface GssWork<T> {
    T run() throws GSSException;
  }

  private SubjectCall() {}

  static <T> T call(Subject subject, GssWork<T> work) throws GSSException {
    if (CALL_AS.isPresent()) {
      return viaCallAs(CALL_AS.get(), subject, work);
    }
    try {
      return viaDoAs(subject, work);
    } catch (PrivilegedActionException e) {
      throw rethrow(e.getException());
    }
  }

  @SuppressWarnings({"removal", "deprecation"})
  private static <T> T viaDoAs(Subject subject, GssWork<T> work)
      throws PrivilegedActionException {
    return Subject.doAs(subject, (PrivilegedExceptionAction<T>) work::run);
  }

  @SuppressWarnings("unchecked")
  private static <T> T viaCallAs(Method callAs, Subject subject, GssWork<T> work)
      throws GSSException {
    try {
      return (T) callAs.invoke(null, subject, (Callable<T>) work::run);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw rethrow(cause instanceof CompletionException && cause.getCause() != null
          ? cause.getCause() : cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Subject.callAs is public but not accessible", e);
    }
  }

  private static GSSException rethrow(Throwable t) {
    if (t instanceof GSSException gss) {
      return gss;
    }
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("GSS work failed unexpectedly", t);
  }

  private static Optional<Method> callAs() {
    try {
      return Optional.of(Subject.class.getMethod("callAs", Subject.class, Callable.class));
    } catch (NoSuchMethodException e) {
      return Optional.empty(); // JDK 17
    }
  }
}
