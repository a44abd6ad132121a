/**
 * Local proxies that authenticate for their clients: they accept plain HTTP forwarding and
 * {@code CONNECT}, route each request through a {@link java.net.ProxySelector} (an upstream proxy
 * or DIRECT), perform the whole proxy handshake with the engine on upstream connections they own,
 * then pipe bytes. {@link io.github.proxyauth.relay.ProxyRelay} serves one program on a loopback
 * port and requires its secret (the java.net.http adapter is built on it);
 * {@link io.github.proxyauth.relay.LocalProxy} serves every tool on the machine on a fixed address
 * with access rules, a local credential, an access log ({@link
 * io.github.proxyauth.relay.AccessLogEntry}), live reconfiguration and draining. Both run on the
 * same implementation.
 */
@NullMarked
package io.github.proxyauth.relay;

import org.jspecify.annotations.NullMarked;
