/**
 * The one HTTP/1.1 proxy-client layer, not API: a strict head reader with one set of limits
 * ({@link io.github.proxyauth.internal.http.HeadReader}), status and request lines, body framing
 * and copies ({@link io.github.proxyauth.internal.http.Framing},
 * {@link io.github.proxyauth.internal.http.Bodies}), the tunnel pump, and the one proxy handshake
 * loop ({@link io.github.proxyauth.internal.http.ProxyHandshake}) driven by the engine's attempt
 * cap. Used by {@code ProxyTunnel}, {@code Preflight} and the java.net.http relay. Violations of
 * RFC 9112 are {@link io.github.proxyauth.internal.http.HttpProtocolException}s naming the rule.
 */
@NullMarked
package io.github.proxyauth.internal.http;

import org.jspecify.annotations.NullMarked;
