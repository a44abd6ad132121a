package io.github.proxyauth.internal.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Parses IP literals without ever touching DNS. */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * Returns the bytes of an IPv4 dotted quad or an IPv6 literal (with or without brackets, no zone),
   * or empty when {@code text} is not an IP literal.
   */
  public static Optional<byte[]> parse(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    Optional<byte[]> v4 = parseV4(s);
    if (v4.isPresent() || s.indexOf(':') < 0) {
      return v4;
    }
    return parseV6(s);
  }

  /** Returns the bytes of a strict IPv4 dotted quad (four decimal parts 0..255), or empty. */
  public static Optional<byte[]> parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  private static Optional<byte[]> parseV6(String s) {
    if (s.length() > 45 || !s.chars().allMatch(IpAddresses::isV6Char)) {
      return Optional.empty();
    }
    try {
      // The brackets make the JDK parse a literal or fail; it never falls back to a DNS lookup.
      byte[] bytes = InetAddress.getByName("[" + s + "]").getAddress();
      return Optional.of(bytes.length == 16 ? bytes : mapped(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isV6Char(int c) {
    return c == ':' || c == '.' || Character.digit(c, 16) >= 0;
  }

  // The JDK turns ::ffff:a.b.c.d into an Inet4Address; keep it in the IPv6 family.
  private static byte[] mapped(byte[] v4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(v4, 0, bytes, 12, 4);
    return bytes;
  }

  /** Returns true when the first {@code prefix} bits of {@code a} and {@code b} are equal. */
  public static boolean samePrefix(byte[] a, byte[] b, int prefix) {
    if (a.length != b.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }

  /** Returns {@code host} without the brackets of an IPv6 literal and without a trailing dot. */
  public static String bare(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
