package io.github.proxyauth.jdkhttp.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * The JDK 21+ lifecycle methods of {@link HttpClient}, called through method handles so that this
 * library compiles for Java 17 and still forwards them on newer JDKs.
 */
public final class Lifecycle {
  private static final Optional<MethodHandle> SHUTDOWN = find("shutdown", MethodType.methodType(void.class));
  private static final Optional<MethodHandle> SHUTDOWN_NOW =
      find("shutdownNow", MethodType.methodType(void.class));
  private static final Optional<MethodHandle> IS_TERMINATED =
      find("isTerminated", MethodType.methodType(boolean.class));
  private static final Optional<MethodHandle> AWAIT = find("awaitTermination",
      MethodType.methodType(boolean.class, Duration.class));
  private static final Optional<MethodHandle> CLOSE = find("close", MethodType.methodType(void.class));

  private Lifecycle() {}

  /** Returns whether the running JDK has the lifecycle methods (21+). */
  public static boolean available() {
    return CLOSE.isPresent();
  }

  public static void shutdown(HttpClient client) {
    SHUTDOWN.ifPresent(h -> invokeVoid(h, client));
  }

  public static void shutdownNow(HttpClient client) {
    SHUTDOWN_NOW.ifPresent(h -> invokeVoid(h, client));
  }

  public static void close(HttpClient client) {
    CLOSE.ifPresent(h -> invokeVoid(h, client));
  }

  /** Returns the client's answer, or true on JDKs without the method (nothing to wait for). */
  public static boolean isTerminated(HttpClient client) {
    return IS_TERMINATED.map(h -> (boolean) invoke(h, client, null)).orElse(true);
  }

  /** Returns the client's answer, or true on JDKs without the method. */
  public static boolean awaitTermination(HttpClient client, Duration duration)
      throws InterruptedException {
    if (AWAIT.isEmpty()) {
      return true;
    }
    try {
      return (boolean) AWAIT.get().invoke(client, duration);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("HttpClient.awaitTermination failed", e);
    }
  }

  private static void invokeVoid(MethodHandle handle, HttpClient client) {
    invoke(handle, client, null);
  }

  private static Object invoke(MethodHandle handle, HttpClient client, Object unused) {
    try {
      return handle.invoke(client);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("HttpClient lifecycle call failed", e);
    }
  }

  private static Optional<MethodHandle> find(String name, MethodType type) {
    try {
      return Optional.of(MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return Optional.empty(); // JDK 17-20: no such lifecycle method
    }
  }
}
