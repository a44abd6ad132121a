package io.github.proxyauth.discovery;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Objects;

/**
 * An HTTP proxy spoken to over TLS (an "https proxy": a {@code https://proxy:443} URL or a PAC
 * {@code HTTPS host:port} entry). {@link Proxy} has no type for it, so this subclass is the mark:
 * {@link #type()} is {@link Proxy.Type#HTTP} and {@link #address()} the proxy's unresolved
 * address, as for a plain proxy, and code that must speak TLS tests {@code proxy instanceof
 * HttpsProxy}.
 *
 * <p>Only {@code ProxyRelay} (and {@code ProxyAuthHttpClient}, which runs one),
 * {@code Preflight} and the HttpClient 5 adapter's selector route planner know this class: they
 * open TLS to the proxy (server name and certificate checked against {@link #address()}'s host;
 * HttpClient 5 with its connection manager's TLS strategy) and then speak HTTP and CONNECT over
 * it. The OkHttp adapter refuses it before connecting, and so does HttpClient 5's async client
 * for https origins (no TLS inside TLS there). Any other client ({@code java.net.http},
 * {@code HttpURLConnection}) would send its requests, and any {@code Proxy-Authorization}, to
 * this proxy in clear; that is why {@link ProxyDiscovery} returns these only when built with
 * {@link ProxyDiscovery.Builder#tlsProxies(boolean) tlsProxies(true)}. A selector of your own may
 * return them to a relay too.
 *
 * <p>{@link #equals(Object)} and {@link #hashCode()} are {@link Proxy}'s (final there): an https
 * proxy equals a plain HTTP proxy with the same address. Immutable; thread-safe.
 */
public final class HttpsProxy extends Proxy {
  private final InetSocketAddress address;

  private HttpsProxy(InetSocketAddress address) {
    super(Proxy.Type.HTTP, address);
    this.address = address;
  }

  /**
   * Returns the https proxy at {@code host:port}, not resolved (the connection resolves it).
   *
   * @throws IllegalArgumentException when the host is empty or the port is not 1..65535
   */
  public static HttpsProxy of(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("expected a host and a port 1..65535 but saw '" + host
          + "' and " + port);
    }
    return new HttpsProxy(InetSocketAddress.createUnresolved(host, port));
  }

  /** Returns the proxy's address as configured, unresolved. */
  @Override
  public InetSocketAddress address() {
    return address;
  }

  /** Returns {@code "HTTPS @ host:port"}, an IPv6 host in brackets. */
  @Override
  public String toString() {
    String host = address.getHostString();
    return "HTTPS @ " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
        + address.getPort();
  }
}
