package io.github.proxyauth.spi;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * The auth-params the parser collected: names already lower-cased and unique, in header order,
 * unmodifiable. {@link Challenge} trusts this type and skips its defensive copy, which is most of
 * the cost of parsing a short challenge.
 */
final class ParsedParams extends AbstractMap<String, String> {
  private final Set<Entry<String, String>> entries;

  /** Takes ownership of {@code params}; the caller must not change it afterwards. */
  ParsedParams(LinkedHashMap<String, String> params) {
    this.entries = Collections.unmodifiableSet(params.entrySet());
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return entries;
  }
}
