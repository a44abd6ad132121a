/**
 * Proxy authentication for {@code java.net.http}:
 * {@link io.github.proxyauth.jdkhttp.ProxyAuthHttpClient} wraps an {@code HttpClient}; {@link io.github.proxyauth.jdkhttp.ProxyRelay} serves other JDK
 * clients. The project README's "java.net.http" section shows the set-up.
 */
@NullMarked
package io.github.proxyauth.jdkhttp;

import org.jspecify.annotations.NullMarked;
