/**
 * Where requests go: {@link io.github.proxyauth.discovery.ProxyDiscovery} reads the proxy settings
 * a user already has ({@code https_proxy}/{@code no_proxy} environment variables, the JDK's proxy
 * system properties, a PAC file or URL through {@link io.github.proxyauth.discovery.PacScript}) and
 * answers, per URI, a {@link io.github.proxyauth.discovery.Route}: DIRECT or a list of proxies to
 * try in order, with where each came from. It is a {@link java.net.ProxySelector}, so every
 * adapter takes it.
 */
@NullMarked
package io.github.proxyauth.discovery;

import org.jspecify.annotations.NullMarked;
