package io.github.proxyauth.relay.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps every HTTP proxy the user's selector chooses to the relay's listener for it. DIRECT and
 * SOCKS choices pass through unchanged (the JDK client treats SOCKS as DIRECT anyway).
 */
final class RelaySelector extends ProxySelector {
  private final Relay relay;

  RelaySelector(Relay relay) {
    this.relay = relay;
  }

  @Override
  public List<Proxy> select(URI uri) {
    List<Proxy> chosen = relay.config().upstream().select(uri);
    List<Proxy> out = new ArrayList<>();
    if (chosen != null) {
      for (Proxy proxy : chosen) {
        out.add(proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress a
            ? new Proxy(Proxy.Type.HTTP, relay.listenerFor(a)) : proxy);
      }
    }
    return out.isEmpty() ? List.of(Proxy.NO_PROXY) : out;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    if (address instanceof InetSocketAddress a) {
      relay.upstreamFor(a).ifPresent(up -> relay.config().upstream().connectFailed(uri, up,
          failure));
    }
  }

  @Override
  public String toString() {
    return "RelaySelector[upstream=" + relay.config().upstream() + "]";
  }
}
