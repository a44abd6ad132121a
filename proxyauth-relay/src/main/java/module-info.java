/**
 * proxyauth's loopback relay: {@link io.github.proxyauth.relay.ProxyRelay}, for any client that
 * can use an HTTP proxy.
 */
module io.github.proxyauth.relay {
  requires transitive io.github.proxyauth;
  requires static org.jspecify;

  exports io.github.proxyauth.relay;
  // The java.net.http adapter builds its client on the relay's internals; not API.
  exports io.github.proxyauth.relay.internal to io.github.proxyauth.jdkhttp;
}
