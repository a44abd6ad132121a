/**
 * proxyauth's relays: {@link io.github.proxyauth.relay.ProxyRelay}, an in-process loopback relay
 * for one program's clients, and {@link io.github.proxyauth.relay.LocalProxy}, the local proxy
 * for every tool on the machine ({@code proxyauth serve}).
 */
module io.github.proxyauth.relay {
  requires transitive io.github.proxyauth;
  requires static org.jspecify;

  exports io.github.proxyauth.relay;
  // The java.net.http adapter builds its client on the relay's internals; not API.
  exports io.github.proxyauth.relay.internal to io.github.proxyauth.jdkhttp;
}
