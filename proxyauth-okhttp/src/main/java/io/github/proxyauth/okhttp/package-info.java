/**
 * Proxy authentication for OkHttp 4.12 and 5.x:
 * {@link io.github.proxyauth.okhttp.OkHttpProxyAuthenticator} (start with its {@code configure}
 * methods). The project README's "OkHttp" section shows the
 * set-up next to the engine's.
 */
@NullMarked
package io.github.proxyauth.okhttp;

import org.jspecify.annotations.NullMarked;
