package io.github.proxyauth.relay.internal;

import io.github.proxyauth.relay.ProxyRelay;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lets sibling modules (the java.net.http adapter) reach the {@link Relay} behind a public
 * {@link ProxyRelay} without a public accessor: {@code ProxyRelay} installs the function when its
 * class initializes. This package is exported to those modules only.
 */
public final class RelayAccess {
  private static volatile @Nullable Function<ProxyRelay, Relay> access;

  private RelayAccess() {}

  /** Called once by {@link ProxyRelay}'s static initializer. */
  public static void install(Function<ProxyRelay, Relay> function) {
    access = function;
  }

  /** Returns the relay behind {@code relay}. */
  public static Relay relayOf(ProxyRelay relay) {
    Function<ProxyRelay, Relay> f = access;
    if (f == null) {
      throw new IllegalStateException("ProxyRelay did not install its accessor");
    }
    return f.apply(relay);
  }
}
