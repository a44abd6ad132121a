package io.github.proxyauth.it.squid;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.relay.AccessLogEntry;
import io.github.proxyauth.relay.LocalProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local proxy the real clients are pointed at: a {@link LocalProxy} (the engine of
 * {@code proxyauth serve}) on a free loopback port that authenticates to one Squid port with a
 * {@link ProxyAuthenticator}, keeping its access log. The one place that builds it, so the tests
 * stay the same when the engine behind it changes. {@link #close()} closes every connection, so
 * Squid logs the tunnels of the run and the access log holds every request.
 */
final class LocalProxyFixture implements AutoCloseable {
  private final LocalProxy proxy;
  private final List<AccessLogEntry> accessLog;

  private LocalProxyFixture(LocalProxy proxy, List<AccessLogEntry> accessLog) {
    this.proxy = proxy;
    this.accessLog = accessLog;
  }

  /** Returns a running local proxy in front of Squid's {@code port}. */
  static LocalProxyFixture start(SquidLab lab, SquidPort port, ProxyAuthenticator engine)
      throws IOException {
    List<AccessLogEntry> entries = new CopyOnWriteArrayList<>();
    LocalProxy proxy = LocalProxy.builder(engine)
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .upstream(ProxySelector.of(squid(lab, port)))
        .accessLog(entries::add)
        .build();
    return new LocalProxyFixture(proxy, entries);
  }

  /** Returns {@code "proxy 127.0.0.1:<port>"}, the access log's route through Squid's port. */
  static String route(SquidLab lab, SquidPort port) {
    InetSocketAddress squid = squid(lab, port);
    return "proxy " + squid.getHostString() + ":" + squid.getPort();
  }

  /** Returns the loopback address clients connect to. */
  InetSocketAddress address() {
    return proxy.address();
  }

  /**
   * Returns the access-log entries of the requests that ended so far, in the order they ended;
   * after {@link #close()}, of every request.
   */
  List<AccessLogEntry> accessLog() {
    return List.copyOf(accessLog);
  }

  @Override
  public void close() {
    proxy.close();
  }

  private static InetSocketAddress squid(SquidLab lab, SquidPort port) {
    return new InetSocketAddress("127.0.0.1", lab.port(port));
  }
}
