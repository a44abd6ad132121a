/**
 * Checks and raw tunnels on the proxy-client layer, without an HTTP client:
 * {@link io.github.proxyauth.preflight.Preflight} authenticates to the proxy a route names and
 * reports each step ({@link io.github.proxyauth.preflight.PreflightReport}), for a start-up
 * self-test or a CI gate; {@link io.github.proxyauth.preflight.ProxyTunnel} opens an authenticated
 * {@code CONNECT} tunnel as a plain {@link java.net.Socket} for protocols other than HTTP.
 */
@NullMarked
package io.github.proxyauth.preflight;

import org.jspecify.annotations.NullMarked;
