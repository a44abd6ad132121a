/**
 * Proxy authentication for Java HTTP clients, the types an application uses: the engine
 * ({@link io.github.proxyauth.ProxyAuthenticator}) that picks the strongest usable scheme and
 * drives its handshake on one connection; the schemes ({@link io.github.proxyauth.AuthScheme}:
 * Basic, Digest, NTLM, Negotiate) and their options ({@link io.github.proxyauth.NegotiateOptions},
 * {@link io.github.proxyauth.KerberosLogin}); credentials ({@link io.github.proxyauth.Credentials},
 * {@link io.github.proxyauth.CredentialProvider}, {@link io.github.proxyauth.AuthScope}); and what
 * comes back: {@link io.github.proxyauth.ProxyAuthException} with its
 * {@link io.github.proxyauth.Diagnosis}, {@link io.github.proxyauth.AuthEvent}s for an
 * {@link io.github.proxyauth.AuthListener}, and {@link io.github.proxyauth.AuthMetrics}.
 *
 * <p>Where requests go is in {@code io.github.proxyauth.discovery}; start-up checks and raw
 * tunnels in {@code io.github.proxyauth.preflight}; what adapter and scheme authors implement or
 * drive in {@code io.github.proxyauth.spi}. The adapters ({@code proxyauth-okhttp},
 * {@code proxyauth-jdkhttp}) connect all of it to an HTTP client in one call.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless a parameter or return type is
 * annotated {@code @Nullable}. Secrets (passwords, {@code Proxy-Authorization} values, tokens)
 * never appear in {@code toString()}, exception messages or {@link io.github.proxyauth.AuthEvent}s.
 */
@NullMarked
package io.github.proxyauth;

import org.jspecify.annotations.NullMarked;
