/**
 * Proxy authentication for {@code java.net.http}:
 * {@link io.github.proxyauth.jdkhttp.ProxyAuthHttpClient} wraps an {@code HttpClient}; other JDK
 * clients use {@code io.github.proxyauth.relay.ProxyRelay} (module proxyauth-relay). The project README's "java.net.http" section shows the set-up.
 */
@NullMarked
package io.github.proxyauth.jdkhttp;

import org.jspecify.annotations.NullMarked;
