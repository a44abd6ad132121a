/**
 * Proxy authentication for Java HTTP clients: strict parsing of {@code Proxy-Authenticate}
 * challenges (RFC 9110 §11), the Basic, Digest, NTLM and Negotiate schemes, and the engine
 * ({@link io.github.proxyauth.ProxyAuthenticator}) that picks the strongest usable scheme and
 * drives its handshake on one connection.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless a parameter or return type is
 * annotated {@code @Nullable}. Secrets (passwords, {@code Proxy-Authorization} values, tokens)
 * never appear in {@code toString()}, exception messages or {@link io.github.proxyauth.AuthEvent}s.
 */
@NullMarked
package io.github.proxyauth;

import org.jspecify.annotations.NullMarked;
