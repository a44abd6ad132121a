package io.github.proxyauth.it.squid;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.relay.ProxyRelay;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;

/**
 * The local proxy the real clients are pointed at: a proxyauth relay on a loopback port that
 * authenticates to one Squid port with a {@link ProxyAuthenticator} and serves any local client
 * (no secret). The one place that builds it, so the tests stay the same when the engine behind it
 * changes. {@link #close()} closes every connection, so Squid logs the tunnels of the run.
 */
final class LocalProxyFixture implements AutoCloseable {
  private final ProxyRelay relay;
  private final InetSocketAddress address;

  private LocalProxyFixture(ProxyRelay relay, InetSocketAddress address) {
    this.relay = relay;
    this.address = address;
  }

  /** Returns a running local proxy in front of Squid's {@code port}. */
  static LocalProxyFixture start(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
    InetSocketAddress squid = new InetSocketAddress("127.0.0.1", lab.port(port));
    ProxyRelay relay = ProxyRelay.builder(engine).upstream(ProxySelector.of(squid))
        .allowWithoutSecret().build();
    InetSocketAddress listener = (InetSocketAddress) relay.proxySelector()
        .select(URI.create("http://x/")).get(0).address();
    return new LocalProxyFixture(relay, listener);
  }

  /** Returns the loopback address clients connect to. */
  InetSocketAddress address() {
    return address;
  }

  /** Returns {@code http://127.0.0.1:<port>}, the proxy URL for command-line tools. */
  String url() {
    return "http://127.0.0.1:" + address.getPort();
  }

  @Override
  public void close() {
    relay.close();
  }
}
