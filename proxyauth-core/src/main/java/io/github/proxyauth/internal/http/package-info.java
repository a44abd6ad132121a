/** A minimal HTTP/1.1 client side for talking to proxies (CONNECT, probes); not API. */
@NullMarked
package io.github.proxyauth.internal.http;

import org.jspecify.annotations.NullMarked;
