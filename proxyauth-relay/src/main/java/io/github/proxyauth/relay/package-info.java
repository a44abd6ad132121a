/**
 * A loopback proxy that authenticates for its clients: {@link io.github.proxyauth.relay.ProxyRelay}
 * accepts plain HTTP forwarding and {@code CONNECT} on 127.0.0.1, routes each request through a
 * {@link java.net.ProxySelector} (an upstream proxy or DIRECT), performs the whole proxy handshake
 * with the engine on upstream connections it owns, then pipes bytes. The java.net.http adapter is
 * built on it; any client that can use an HTTP proxy (and present the relay's secret) can use it.
 */
@NullMarked
package io.github.proxyauth.relay;

import org.jspecify.annotations.NullMarked;
