package io.github.proxyauth.internal.pac;

import io.github.proxyauth.internal.discovery.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The standard PAC helper functions (Netscape's 1996 set), implemented in Java so the script gets
 * nothing but these: names compare without case; DNS and the local address come from injected
 * functions, time from an injected clock. Thread-safe when the injected functions are.
 */
public final class PacFunctions {
  private final Function<String, List<InetAddress>> resolver;
  private final Supplier<InetAddress> localAddress;
  private final TimeRanges time;

  /**
   * Returns the helpers using {@code resolver} (an empty list means "does not resolve"),
   * {@code localAddress} for {@code myIpAddress()}, and {@code clock} for the ranges.
   */
  public PacFunctions(Function<String, List<InetAddress>> resolver, Supplier<InetAddress> localAddress,
      Clock clock) {
    this.resolver = resolver;
    this.localAddress = localAddress;
    this.time = new TimeRanges(clock);
  }

  /** Returns the names the sandbox binds, each dispatched by {@link #call(String, Object[])}. */
  public static List<String> names() {
    return List.of("isPlainHostName", "dnsDomainIs", "localHostOrDomainIs", "isResolvable",
        "isInNet", "dnsResolve", "myIpAddress", "dnsDomainLevels", "shExpMatch", "weekdayRange",
        "dateRange", "timeRange", "convertAddr");
  }

  /** Returns the result of helper {@code name}: a Boolean, a String, a Number or null. */
  public @Nullable Object call(String name, Object[] args) {
    return switch (name) {
      case "isPlainHostName" -> str(args, 0).indexOf('.') < 0;
      case "dnsDomainIs" -> lower(args, 0).endsWith(lower(args, 1));
      case "localHostOrDomainIs" -> localHostOrDomainIs(lower(args, 0), lower(args, 1));
      case "isResolvable" -> resolveV4(str(args, 0)).isPresent();
      case "isInNet" -> isInNet(str(args, 0), str(args, 1), str(args, 2));
      case "dnsResolve" -> resolveV4(str(args, 0)).orElse(null);
      case "myIpAddress" -> myIpAddress();
      case "dnsDomainLevels" -> (double) str(args, 0).chars().filter(c -> c == '.').count();
      case "shExpMatch" -> ShellGlob.matches(str(args, 0), str(args, 1));
      case "weekdayRange" -> time.weekdayRange(args);
      case "dateRange" -> time.dateRange(args);
      case "timeRange" -> time.timeRange(args);
      case "convertAddr" -> convertAddr(str(args, 0));
      default -> throw new IllegalArgumentException("not a PAC helper: " + name);
    };
  }

  private static boolean localHostOrDomainIs(String host, String hostdom) {
    return host.equals(hostdom) || (host.indexOf('.') < 0 && hostdom.startsWith(host + "."));
  }

  private boolean isInNet(String host, String pattern, String mask) {
    Optional<byte[]> net = IpAddresses.parseV4(pattern);
    Optional<byte[]> bits = IpAddresses.parseV4(mask);
    Optional<byte[]> address = resolveV4(host).flatMap(IpAddresses::parseV4);
    if (net.isEmpty() || bits.isEmpty() || address.isEmpty()) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if ((address.get()[i] & bits.get()[i]) != (net.get()[i] & bits.get()[i])) {
        return false;
      }
    }
    return true;
  }

  private @Nullable Object convertAddr(String dotted) {
    Optional<byte[]> bytes = IpAddresses.parseV4(dotted);
    if (bytes.isEmpty()) {
      return null;
    }
    long value = 0;
    for (byte b : bytes.get()) {
      value = (value << 8) | (b & 0xff);
    }
    return (double) value;
  }

  /** Returns the first IPv4 address of {@code host} as a dotted quad (a literal as is), or empty. */
  Optional<String> resolveV4(String host) {
    if (IpAddresses.parseV4(host).isPresent()) {
      return Optional.of(host);
    }
    if (host.isEmpty() || host.length() > 253) {
      return Optional.empty();
    }
    return resolver.apply(host).stream().filter(a -> a instanceof Inet4Address)
        .map(InetAddress::getHostAddress).findFirst();
  }

  private String myIpAddress() {
    InetAddress address = localAddress.get();
    return address instanceof Inet4Address ? address.getHostAddress() : "127.0.0.1";
  }

  private static String str(Object[] args, int i) {
    return i < args.length && args[i] != null ? String.valueOf(args[i]) : "";
  }

  private static String lower(Object[] args, int i) {
    return str(args, i).toLowerCase(Locale.ROOT);
  }

  /** Returns the system resolver: {@code InetAddress.getAllByName}, empty when unknown. */
  public static List<InetAddress> systemResolve(String host) {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException | SecurityException e) {
      return List.of();
    }
  }

  /**
   * Returns the first IPv4 address of an interface that is up and not loopback (site-local
   * preferred), else 127.0.0.1. Never uses DNS.
   */
  public static InetAddress systemLocalAddress() {
    try {
      List<InetAddress> candidates = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(PacFunctions::usable)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
          .toList();
      return candidates.stream().filter(InetAddress::isSiteLocalAddress).findFirst()
          .or(() -> candidates.stream().findFirst())
          .orElse(InetAddress.getLoopbackAddress());
    } catch (SocketException e) {
      return InetAddress.getLoopbackAddress();
    }
  }

  private static boolean usable(NetworkInterface nif) {
    try {
      return nif.isUp() && !nif.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
