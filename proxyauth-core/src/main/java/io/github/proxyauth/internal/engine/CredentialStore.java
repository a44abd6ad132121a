package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caches what the credential provider answered per scope, and refreshes once per rejection: the
 * first thread to report a rejection reloads; threads reporting the same rejected credentials
 * afterwards get the reloaded ones (single flight).
 */
final class CredentialStore {
  private final CredentialProvider provider;
  private final ConcurrentMap<AuthScope, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong refreshes = new AtomicLong();

  CredentialStore(CredentialProvider provider) {
    this.provider = provider;
  }

  /** Returns the cached credentials for {@code scope}, asking the provider on first use. */
  Optional<Credentials> get(AuthScope scope) {
    Slot slot = slots.computeIfAbsent(scope, s -> new Slot());
    synchronized (slot) {
      if (!slot.loaded) {
        slot.current = provider.credentialsFor(scope);
        slot.loaded = true;
      }
      return slot.current;
    }
  }

  /**
   * Returns fresh credentials after {@code rejected} failed in {@code scope}: newly loaded ones, or
   * the ones another thread already loaded after the same rejection ({@code reloaded} false).
   */
  Refresh refresh(AuthScope scope, Credentials rejected) {
    Slot slot = slots.computeIfAbsent(scope, s -> new Slot());
    synchronized (slot) {
      if (slot.loaded && slot.current.isPresent() && !slot.current.get().sameAs(rejected)) {
        return new Refresh(slot.current, false);
      }
      provider.invalidate(scope, rejected);
      slot.current = provider.credentialsFor(scope);
      slot.loaded = true;
      refreshes.incrementAndGet();
      return new Refresh(slot.current, true);
    }
  }

  /** The credentials to use after a rejection, and whether this call reloaded them. */
  record Refresh(Optional<Credentials> credentials, boolean reloaded) {}

  /** Returns how many times the provider was asked again after a rejection. */
  long refreshCount() {
    return refreshes.get();
  }

  private static final class Slot {
    boolean loaded;
    Optional<Credentials> current = Optional.empty();
  }
}
