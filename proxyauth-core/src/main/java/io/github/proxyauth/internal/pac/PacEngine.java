package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import java.time.Duration;

/** Evaluates a compiled PAC script; implementations serialise calls and are thread-safe. */
public interface PacEngine {

  /**
   * Returns what {@code FindProxyForURL(url, host)} returned.
   *
   * @throws ProxyAuthException when the script fails, runs out of time or returns a non-string
   */
  String findProxyForUrl(String url, String host) throws ProxyAuthException;

  /**
   * Returns a Rhino engine for {@code source}, compiled and with its top level run.
   *
   * @throws ProxyAuthException when Rhino is not on the class path, or the script does not
   *     compile, fails at top level, runs out of time or defines no {@code FindProxyForURL}
   */
  static PacEngine rhino(String source, String name, PacFunctions functions, Duration timeout)
      throws ProxyAuthException {
    requireClass("org.mozilla.javascript.Context", PacEngine.class.getClassLoader());
    return new RhinoPac(source, name, functions, timeout);
  }

  /**
   * Checks that {@code className} (Rhino's entry point) can be loaded.
   *
   * @throws ProxyAuthException naming the Maven coordinates to add when it cannot
   */
  static void requireClass(String className, ClassLoader loader) throws ProxyAuthException {
    try {
      Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ProxyAuthException("PAC scripts need Mozilla Rhino, which is an optional dependency"
          + " of proxyauth-core and is not on the class path (" + className + " not found): add"
          + " org.mozilla:rhino:1.8.0 to your dependencies", e);
    }
  }
}
