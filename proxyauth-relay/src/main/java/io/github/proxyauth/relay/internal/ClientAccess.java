package io.github.proxyauth.relay.internal;

import io.github.proxyauth.internal.discovery.IpAddresses;
import io.github.proxyauth.internal.http.Head;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use a relay: client addresses (loopback always, plus the allowed CIDR ranges) and,
 * optionally, a local credential that every request must present as {@code Proxy-Authorization:
 * Basic}, compared in constant time. Immutable and thread-safe; {@link #toString()} shows no
 * password.
 */
public final class ClientAccess {
  private static final ClientAccess LOOPBACK = new ClientAccess(true, List.of(), List.of(),
      Optional.empty(), new byte[0]);

  private final boolean loopback;
  private final List<String> allow;
  private final List<Range> ranges;
  private final Optional<String> user;
  /** {@code user:password} in UTF-8, empty when no local credential is required. */
  private final byte[] credential;

  private record Range(byte[] address, int prefix) {
    boolean contains(byte[] candidate) {
      return IpAddresses.samePrefix(address, candidate, prefix);
    }
  }

  private ClientAccess(boolean loopback, List<String> allow, List<Range> ranges,
      Optional<String> user, byte[] credential) {
    this.loopback = loopback;
    this.allow = List.copyOf(allow);
    this.ranges = List.copyOf(ranges);
    this.user = user;
    this.credential = credential;
  }

  /** Returns access for loopback clients only, without a local credential. */
  public static ClientAccess loopbackOnly() {
    return LOOPBACK;
  }

  /** Returns access that does not admit loopback by itself: for tests of refused addresses. */
  static ClientAccess withoutLoopback() {
    return new ClientAccess(false, List.of(), List.of(), Optional.empty(), new byte[0]);
  }

  /**
   * Returns this access also admitting {@code entry}: an IP address or CIDR range such as
   * {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code ::1/128}.
   *
   * @throws IllegalArgumentException when {@code entry} is neither
   */
  public ClientAccess allowing(String entry) {
    String normalised = checkRange(entry);
    Range range = range(normalised);
    List<String> shown = new ArrayList<>(allow);
    shown.add(normalised);
    List<Range> all = new ArrayList<>(ranges);
    all.add(range);
    return new ClientAccess(loopback, shown, all, user, credential);
  }

  /**
   * Returns this access requiring the local credential {@code user}/{@code password} (copied).
   *
   * @throws IllegalArgumentException when {@code user} is empty or has a colon (Basic cannot
   *     carry it)
   */
  public ClientAccess withCredential(String user, char[] password) {
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("Expected a non-empty local user name without ':'"
          + " (Basic separates user and password with it), got "
          + (user.isEmpty() ? "an empty one" : "one with ':' at index " + user.indexOf(':')));
    }
    return new ClientAccess(loopback, allow, ranges, Optional.of(user),
        utf8(user + ":", password));
  }

  /**
   * Returns {@code entry} normalised (stripped, lower case) when it is an IP address or CIDR
   * range that {@link #allowing(String)} accepts.
   *
   * @throws IllegalArgumentException when it is neither, saying what was expected and seen
   */
  public static String checkRange(String entry) {
    String normalised = entry.strip().toLowerCase(Locale.ROOT);
    range(normalised);
    return normalised;
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    Optional<byte[]> bytes = IpAddresses.parse(address);
    String prefixText = slash < 0 ? "" : entry.substring(slash + 1);
    if (bytes.isEmpty() || (slash >= 0 && (prefixText.isEmpty() || prefixText.length() > 3
        || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')))) {
      throw new IllegalArgumentException("Expected an allowed client as an IP address or CIDR"
          + " range (10.0.0.0/8, 192.168.1.7, ::1/128), got '" + entry + "'");
    }
    int bits = bytes.get().length * 8;
    int prefix = slash < 0 ? bits : Integer.parseInt(prefixText);
    if (prefix > bits) {
      throw new IllegalArgumentException("Expected a prefix length 0.." + bits
          + " in the allowed client range '" + entry + "', got " + prefix);
    }
    return new Range(bytes.get(), prefix);
  }

  private static byte[] utf8(String prefix, char[] password) {
    CharBuffer chars = CharBuffer.allocate(prefix.length() + password.length);
    chars.put(prefix).put(password).flip();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(chars);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    Arrays.fill(chars.array(), '\0');
    Arrays.fill(encoded.array(), (byte) 0);
    return bytes;
  }

  /** Returns the allowed ranges as given (normalised), loopback not included. */
  public List<String> allow() {
    return allow;
  }

  /** Returns the local user, when a local credential is required. */
  public Optional<String> user() {
    return user;
  }

  /** Returns whether a client at {@code address} may connect: loopback or an allowed range. */
  boolean admits(InetAddress address) {
    if (loopback && address.isLoopbackAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    for (Range range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether requests must present the local credential. */
  boolean requiresCredential() {
    return credential.length > 0;
  }

  /**
   * Returns whether {@code head} carries the local credential in a {@code Proxy-Authorization:
   * Basic} field (or none is required), compared in constant time.
   */
  boolean presentsCredential(Head head) {
    if (!requiresCredential()) {
      return true;
    }
    boolean match = false;
    for (String value : head.values("Proxy-Authorization")) {
      match |= MessageDigest.isEqual(decodedBasic(value), credential);
    }
    return match;
  }

  /** Returns whether {@code head} carries any {@code Proxy-Authorization} field. */
  static boolean presentsAny(Head head) {
    return head.has("Proxy-Authorization");
  }

  private static byte[] decodedBasic(String value) {
    String v = value.strip();
    int space = v.indexOf(' ');
    if (space < 0 || !v.substring(0, space).equalsIgnoreCase("basic")) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(v.substring(space + 1).strip());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  /** Returns the allowed ranges and whether a local credential is required; no password. */
  @Override
  public String toString() {
    return "ClientAccess[loopback" + (allow.isEmpty() ? "" : ", " + String.join(", ", allow))
        + user.map(u -> ", local user " + u).orElse("") + "]";
  }
}
