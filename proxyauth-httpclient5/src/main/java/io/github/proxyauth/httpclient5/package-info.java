/**
 * Proxy authentication for Apache HttpClient 5 (5.4 and later), classic and async: start with
 * {@link io.github.proxyauth.httpclient5.ProxyAuthHttpClient5}.
 */
@NullMarked
package io.github.proxyauth.httpclient5;

import org.jspecify.annotations.NullMarked;
