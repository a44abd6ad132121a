package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Sends every request whose route names an HTTP proxy to the relay's one loopback port, where the
 * relay routes it again, request by request, through the same selector (proxies in order, with
 * failover, then DIRECT where the route says so). Routes of DIRECT (and SOCKS, which the JDK
 * client treats as DIRECT) only do not go through the relay.
 */
final class RelaySelector extends ProxySelector {
  private final Relay relay;

  RelaySelector(Relay relay) {
    this.relay = relay;
  }

  @Override
  public List<Proxy> select(URI uri) {
    List<Proxy> chosen = relay.config().upstream().select(uri);
    boolean proxied = chosen != null && chosen.stream().anyMatch(
        p -> p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress);
    return proxied ? List.of(new Proxy(Proxy.Type.HTTP, relay.listenerAddress()))
        : List.of(Proxy.NO_PROXY);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // Only the loopback relay can fail here; the relay reports upstream failures itself.
  }

  @Override
  public String toString() {
    return "RelaySelector[upstream=" + relay.config().upstream() + "]";
  }
}
