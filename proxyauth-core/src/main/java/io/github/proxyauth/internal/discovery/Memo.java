package io.github.proxyauth.internal.discovery;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the last parse: sources are read on every call (properties may change) but parsed
 * again only when the raw text changed. Thread-safe; a race parses twice, which is harmless.
 */
final class Memo<T> {
  private record Last<T>(String raw, T value) {}

  private volatile @Nullable Last<T> last;

  T get(String raw, Function<String, T> parse) {
    Last<T> seen = last;
    if (seen != null && seen.raw().equals(raw)) {
      return seen.value();
    }
    T value = parse.apply(raw);
    last = new Last<>(raw, value);
    return value;
  }
}
