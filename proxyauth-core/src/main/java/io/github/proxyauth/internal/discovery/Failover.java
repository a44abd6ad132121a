package io.github.proxyauth.internal.discovery;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Remembers proxies that failed to connect and moves them to the end of later proxy lists for a
 * penalty period (browsers do the same: Chrome 5 minutes, Firefox 30). A demoted proxy is still
 * tried when nothing else works. Bounded; thread-safe.
 */
public final class Failover {
  private static final int MAX_DEMOTED = 1024;

  private final Clock clock;
  private final Duration penalty;
  private final Map<String, Instant> demoted = new ConcurrentHashMap<>();

  /** Returns a tracker that demotes for {@code penalty} on {@code clock}. */
  public Failover(Clock clock, Duration penalty) {
    this.clock = clock;
    this.penalty = penalty;
  }

  /** Demotes the proxy at {@code address} until now plus the penalty. */
  public void failed(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      if (demoted.size() >= MAX_DEMOTED) {
        demoted.values().removeIf(until -> until.isBefore(clock.instant()));
      }
      if (demoted.size() < MAX_DEMOTED) {
        demoted.put(key(inet), clock.instant().plus(penalty));
      }
    }
  }

  /** Returns {@code proxies} with currently demoted ones moved to the end, order otherwise kept. */
  public List<Proxy> order(List<Proxy> proxies) {
    List<Proxy> healthy = new ArrayList<>();
    List<Proxy> failing = new ArrayList<>();
    for (Proxy proxy : proxies) {
      (until(proxy) == null ? healthy : failing).add(proxy);
    }
    healthy.addAll(failing);
    return healthy;
  }

  /** Returns a note on the demoted proxies among {@code proxies}, or "" when none is demoted. */
  public String note(List<Proxy> proxies) {
    StringBuilder note = new StringBuilder();
    for (Proxy proxy : proxies) {
      Instant until = until(proxy);
      if (until != null) {
        note.append("; ").append(Router.kind(proxy))
            .append(authority((InetSocketAddress) proxy.address()))
            .append(" failed to connect and is tried last until ").append(until);
      }
    }
    return note.toString();
  }

  private @Nullable Instant until(Proxy proxy) {
    if (!(proxy.address() instanceof InetSocketAddress inet)) {
      return null;
    }
    Instant until = demoted.get(key(inet));
    if (until != null && !clock.instant().isBefore(until)) {
      demoted.remove(key(inet), until);
      return null;
    }
    return until;
  }

  private static String key(InetSocketAddress address) {
    return authority(address).toLowerCase(Locale.ROOT);
  }

  /** Returns {@code host:port} as configured (never resolved), IPv6 in brackets. */
  public static String authority(InetSocketAddress address) {
    String host = IpAddresses.bare(address.getHostString());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
