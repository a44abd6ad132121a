package io.github.proxyauth.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code serve} learns that it should stop or reload. The process's implementation handles
 * SIGTERM and SIGINT (stop, then exit 0) and SIGHUP (reload) through {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}), found reflectively so that a runtime without it, or a JVM
 * started with {@code -Xrs}, still stops cleanly through a shutdown hook (exit 143 then) and only
 * loses the reload.
 */
interface Signals {

  /**
   * Arranges for {@code stop} to run when the process should stop and {@code reload} when it
   * should re-read its configuration; {@code stopped} waits (bounded) until the stop finished.
   * Returns a short description of what was installed, for the start-up line.
   */
  String install(Runnable stop, Runnable reload, Waiter stopped);

  /** Waits until the command has stopped, at most {@code timeout}. */
  @FunctionalInterface
  interface Waiter {
    void await(Duration timeout);
  }

  /** Returns the process's signals. */
  static Signals process() {
    return (stop, reload, stopped) -> {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.run();
        stopped.await(Duration.ofSeconds(15));
      }, "proxyauth-serve-shutdown"));
      List<String> handled = new ArrayList<>();
      for (String name : List.of("TERM", "INT", "HUP")) {
        if (handle(name, name.equals("HUP") ? reload : stop)) {
          handled.add(name);
        }
      }
      return "signals: " + (handled.contains("TERM") ? "TERM drains and exits 0"
          : "TERM drains through a shutdown hook") + ", " + (handled.contains("HUP")
          ? "HUP reloads" : "HUP reload unavailable (HUP ignored since start, as under nohup,"
          + " or no sun.misc.Signal)");
    };
  }

  /**
   * Returns whether {@code action} now runs on the signal {@code name}. A signal ignored since the
   * process started ({@code nohup} ignores HUP) gets no handler: HotSpot leaves it ignored and
   * answers {@code SIG_IGN}.
   */
  private static boolean handle(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object instance = Proxy.newProxyInstance(handler.getClassLoader(),
          new Class<?>[] {handler}, (proxy, method, args) -> invoked(proxy, method, args, action));
      Object previous = signal.getMethod("handle", signal, handler)
          .invoke(null, signal.getConstructor(String.class).newInstance(name), instance);
      return previous != handler.getField("SIG_IGN").get(null);
    } catch (InvocationTargetException e) {
      return false; // the VM uses the signal itself (-Xrs) or the OS does not know it
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Object invoked(Object proxy, Method method, Object[] args, Runnable action) {
    return switch (method.getName()) {
      case "handle" -> {
        action.run();
        yield null;
      }
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "proxyauth-serve-signal-handler";
    };
  }
}
