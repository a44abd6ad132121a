package io.github.proxyauth.internal.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code NO_PROXY} list with curl's matching plus documented extensions.
 *
 * <ul>
 *   <li>Entries are separated by commas; spaces around them are ignored, spaces inside one are
 *       refused (curl 8.9.0 dropped space separators; such an entry would silently never match).
 *       Matching ignores case.
 *   <li>{@code *} as an entry matches every host (curl accepts it only as the whole value).
 *   <li>A name matches itself and its subdomains on a dot boundary: {@code example.com} and
 *       {@code .example.com} both match {@code example.com} and {@code www.example.com}, never
 *       {@code notexample.com} (curl; Go's leading dot means subdomains only). A trailing dot on the
 *       entry or the host is ignored. {@code *.example.com} means {@code .example.com} (Go; curl
 *       never matches it). Any other {@code *} is refused: write a CIDR range instead.
 *   <li>{@code name:port} and {@code [v6]:port} match that port only (Go, requests; curl has no
 *       ports in entries).
 *   <li>IP literals compare as addresses, so {@code ::1} matches {@code [0:0::1]} (curl compares
 *       text); IPv6 with or without brackets. CIDR ranges for IPv4 and IPv6 ({@code 10.0.0.0/8},
 *       {@code fd00::/8}) match IP literal hosts only: names are never resolved.
 *   <li>Loopback is not implicit (curl; Go always goes direct to localhost).
 * </ul>
 */
public final class NoProxy {
  private final String origin;
  private final List<Entry> entries;

  private NoProxy(String origin, List<Entry> entries) {
    this.origin = origin;
    this.entries = List.copyOf(entries);
  }

  private record Entry(String text, Kind kind, String name, byte[] address, int prefix, int port) {}

  private enum Kind { ALL, NAME, ADDRESS }

  /** Returns the variable or setting this list came from ("NO_PROXY"). */
  public String origin() {
    return origin;
  }

  /** Returns true when the list has no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Returns the list parsed from {@code value}.
   *
   * @throws IllegalArgumentException for an entry that cannot mean anything: a misplaced {@code *},
   *     a CIDR range with a bad address or prefix, a bad port, a malformed IPv6 literal
   */
  public static NoProxy parse(String value, String origin) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : value.split(",", -1)) {
      String token = raw.strip().toLowerCase(Locale.ROOT);
      if (!token.isEmpty()) {
        entries.add(entry(token, origin));
      }
    }
    return new NoProxy(origin, entries);
  }

  private static Entry entry(String token, String origin) {
    if (token.chars().anyMatch(Character::isWhitespace)) {
      throw error(origin, token, "entries separated by ',' (curl 8.9.0 dropped space separators)");
    }
    if (token.equals("*")) {
      return new Entry(token, Kind.ALL, "", new byte[0], 0, -1);
    }
    if (token.indexOf('/') >= 0) {
      return cidr(token, origin);
    }
    String host = token;
    int port = -1;
    int colon = token.lastIndexOf(':');
    boolean bracketed = token.startsWith("[");
    if (bracketed ? token.indexOf("]:") > 0 : colon > 0 && token.indexOf(':') == colon) {
      host = token.substring(0, colon);
      port = ProxyUrl.port(token.substring(colon + 1), origin + " entry '" + token + "'");
    }
    Optional<byte[]> address = IpAddresses.parse(host);
    if (address.isPresent()) {
      return new Entry(token, Kind.ADDRESS, "", address.get(), address.get().length * 8, port);
    }
    if (bracketed || host.indexOf(':') >= 0) {
      throw error(origin, token, "an IPv6 literal");
    }
    return new Entry(token, Kind.NAME, name(host, token, origin), new byte[0], 0, port);
  }

  private static String name(String host, String token, String origin) {
    String name = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (name.indexOf('*') >= 0) {
      throw error(origin, token,
          "'*' alone or a leading '*.' (other wildcards are not supported; for addresses use CIDR, 10.0.0.0/8)");
    }
    if (name.isEmpty()) {
      throw error(origin, token, "a host name");
    }
    return name;
  }

  private static Entry cidr(String token, String origin) {
    int slash = token.indexOf('/');
    Optional<byte[]> address = IpAddresses.parse(token.substring(0, slash));
    String prefixText = token.substring(slash + 1);
    if (address.isEmpty() || prefixText.isEmpty() || prefixText.length() > 3
        || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw error(origin, token, "a CIDR range address/prefix such as 10.0.0.0/8 or fd00::/8");
    }
    int prefix = Integer.parseInt(prefixText);
    int bits = address.get().length * 8;
    if (prefix > bits) {
      throw error(origin, token, "a prefix length 0.." + bits);
    }
    return new Entry(token, Kind.ADDRESS, "", address.get(), prefix, -1);
  }

  /**
   * Returns the entry (as written, lower-cased) that exempts {@code host} on {@code port} from the
   * proxy, or empty when none does.
   */
  public Optional<String> match(String host, int port) {
    String bare = IpAddresses.bare(host.toLowerCase(Locale.ROOT));
    Optional<byte[]> address = IpAddresses.parse(bare);
    for (Entry entry : entries) {
      if ((entry.port < 0 || entry.port == port) && matches(entry, bare, address)) {
        return Optional.of(entry.text);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(Entry entry, String host, Optional<byte[]> address) {
    return switch (entry.kind) {
      case ALL -> true;
      case ADDRESS -> address.isPresent() && IpAddresses.samePrefix(entry.address, address.get(), entry.prefix);
      case NAME -> address.isEmpty()
          && (host.equals(entry.name) || host.endsWith("." + entry.name));
    };
  }

  private static IllegalArgumentException error(String origin, String token, String expected) {
    return new IllegalArgumentException(
        "Malformed " + origin + " entry '" + token + "': expected " + expected);
  }

  @Override
  public String toString() {
    return origin + "=" + String.join(",", entries.stream().map(Entry::text).toList());
  }
}
