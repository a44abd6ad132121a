package io.github.proxyauth.internal.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JDK's {@code http.nonProxyHosts}: {@code |}-separated patterns, case-insensitive, each a
 * literal host or with {@code *} at its start and/or end ({@code *.corp}, {@code 10.*},
 * {@code *internal*}). As in the JDK ({@code sun.net.spi.DefaultProxySelector}), an unset property
 * means {@code localhost|127.*|[::1]|0.0.0.0|[::0]}, a set non-empty one gets those defaults added,
 * and an empty one exempts nothing. Patterns compare against the host as it appears in the URI, so
 * IPv6 literals match in brackets ({@code [::1]}); the unbracketed form is accepted too.
 */
final class NonProxyHosts {
  /** The JDK's default list. */
  public static final String JDK_DEFAULT = "localhost|127.*|[::1]|0.0.0.0|[::0]";

  private final String value;
  private final List<String> patterns;

  private NonProxyHosts(String value, List<String> patterns) {
    this.value = value;
    this.patterns = List.copyOf(patterns);
  }

  /** Returns the list for the property value, applying the JDK's defaults for unset and non-empty. */
  public static NonProxyHosts of(Optional<String> property) {
    String value = property.map(p -> p.isEmpty() ? "" : p + "|" + JDK_DEFAULT).orElse(JDK_DEFAULT);
    List<String> patterns = new ArrayList<>();
    for (String pattern : value.split("\\|")) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.strip().toLowerCase(Locale.ROOT));
      }
    }
    return new NonProxyHosts(value, patterns);
  }

  /** Returns the pattern that exempts {@code host}, or empty when none does. */
  public Optional<String> match(String host) {
    String bare = IpAddresses.bare(host.toLowerCase(Locale.ROOT));
    String bracketed = bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare;
    for (String pattern : patterns) {
      if (glob(pattern, bare) || glob(pattern, bracketed)) {
        return Optional.of(pattern);
      }
    }
    return Optional.empty();
  }

  private static boolean glob(String pattern, String host) {
    if (pattern.equals("*")) {
      return true;
    }
    boolean lead = pattern.startsWith("*");
    boolean trail = pattern.endsWith("*") && pattern.length() > 1;
    String core = pattern.substring(lead ? 1 : 0, pattern.length() - (trail ? 1 : 0));
    if (lead && trail) {
      return host.contains(core);
    }
    return lead ? host.endsWith(core) : trail ? host.startsWith(core) : host.equals(core);
  }

  @Override
  public String toString() {
    return value;
  }
}
