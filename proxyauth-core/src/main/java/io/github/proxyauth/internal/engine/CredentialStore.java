package io.github.proxyauth.internal.engine;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Caches what the credential provider answered per scope, and refreshes once per rejection: the
 * first thread to report a rejection reloads; threads reporting the same rejected credentials for
 * attempts sent before that reload get its result without asking again (single flight). While the
 * lockout pauses a scope, {@link #poll} asks the provider again on each attempt, so new
 * credentials end the pause at once (the file provider answers from memory unless the file
 * changed; a provider backed by a remote store should cache likewise).
 */
final class CredentialStore {
  private final CredentialProvider provider;
  private final LongSupplier sequence;
  private final ConcurrentMap<AuthScope, Slot> slots = new ConcurrentHashMap<>();

  CredentialStore(CredentialProvider provider, LongSupplier sequence) {
    this.provider = provider;
    this.sequence = sequence;
  }

  /** Returns the cached credentials for {@code scope}, asking the provider on first use. */
  Optional<Credentials> get(AuthScope scope) {
    Slot slot = slot(scope);
    synchronized (slot) {
      if (!slot.loaded) {
        load(slot, scope);
      }
      return slot.current;
    }
  }

  /**
   * Returns fresh credentials after {@code rejected}, sent by attempt number {@code attempt},
   * failed in {@code scope}: newly loaded ones, or what a reload after that attempt found.
   */
  Refresh refresh(AuthScope scope, Credentials rejected, long attempt) {
    Slot slot = slot(scope);
    synchronized (slot) {
      boolean current = slot.loaded && slot.current.isPresent()
          && slot.current.get().sameAs(rejected);
      if (slot.loaded && (!current || slot.loadedAt > attempt)) {
        return new Refresh(slot.current, false, current);
      }
      provider.invalidate(scope, rejected);
      load(slot, scope);
      return new Refresh(slot.current, true, current);
    }
  }

  /** Asks the provider again and returns what the scope uses now. */
  Optional<Credentials> poll(AuthScope scope) {
    Slot slot = slot(scope);
    synchronized (slot) {
      load(slot, scope);
      return slot.current;
    }
  }

  /**
   * The credentials to use after a rejection, whether this call reloaded them, and whether the
   * rejected ones were still current (a rejection of replaced credentials is no new failure).
   */
  record Refresh(Optional<Credentials> credentials, boolean reloaded, boolean current) {}

  private Slot slot(AuthScope scope) {
    return slots.computeIfAbsent(scope, s -> new Slot());
  }

  private void load(Slot slot, AuthScope scope) {
    slot.current = provider.credentialsFor(scope);
    slot.loaded = true;
    slot.loadedAt = sequence.getAsLong();
  }

  /** What the provider answered last for one scope; guarded by its own monitor. */
  private static final class Slot {
    boolean loaded;
    long loadedAt;
    Optional<Credentials> current = Optional.empty();
  }
}
