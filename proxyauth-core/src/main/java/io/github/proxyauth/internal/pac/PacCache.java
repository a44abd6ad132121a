package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PAC results by {@code scheme://host:port}, least recently used first out, each kept for a time
 * to live (results may depend on the time of day or the local address). Failures are cached too,
 * so a script that loops for one host costs its time limit once per TTL, not once per request.
 * Thread-safe.
 */
public final class PacCache {
  private record Cached(Optional<String> result, String failure, Instant expires) {}

  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> entries;

  /** Returns an empty cache; {@code maxEntries} 0 disables caching. */
  public PacCache(int maxEntries, Duration ttl, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > PacCache.this.maxEntries;
      }
    };
  }

  /** The computation a cache miss runs. */
  public interface Loader {
    /** Returns the result for the key. */
    String load() throws ProxyAuthException;
  }

  /** Returns the cached result for {@code key}, or runs {@code loader} and caches its outcome. */
  public String get(String key, Loader loader) throws ProxyAuthException {
    Cached entry = lookup(key);
    if (entry == null) {
      entry = load(loader);
      if (maxEntries > 0) {
        synchronized (entries) {
          entries.put(key, entry);
        }
      }
    }
    if (entry.result.isPresent()) {
      return entry.result.get();
    }
    throw new ProxyAuthException(entry.failure);
  }

  private @Nullable Cached lookup(String key) {
    synchronized (entries) {
      Cached entry = entries.get(key);
      if (entry != null && clock.instant().isAfter(entry.expires)) {
        entries.remove(key);
        return null;
      }
      return entry;
    }
  }

  private Cached load(Loader loader) {
    Instant expires = clock.instant().plus(ttl);
    try {
      return new Cached(Optional.of(loader.load()), "", expires);
    } catch (ProxyAuthException e) {
      return new Cached(Optional.empty(), e.getMessage(), expires);
    }
  }

  /** Returns the number of cached results. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
