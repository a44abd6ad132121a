/**
 * Proxy authentication for OkHttp 4.12 and 5.x:
 * {@link io.github.proxyauth.okhttp.OkHttpProxyAuthenticator} (start with its {@code configure}
 * methods). The project README's "OkHttp" section shows the
 * set-up next to the engine's.
 *
 * <p>Limit of OkHttp's design: a proxy that closes the connection in the middle of a handshake,
 * or sends a response head over OkHttp's 256 KiB limit (a huge challenge), fails inside OkHttp's
 * own tunnel loop or codec, where neither the proxy authenticator nor a network interceptor runs:
 * OkHttp throws {@code IOException("unexpected end of stream on ...")}. Only an application
 * interceptor sees that, so {@code OkHttpProxyAuthenticator.configure} installs one that turns it
 * into a {@link io.github.proxyauth.ProxyAuthException} ({@code PROTOCOL_ERROR}) naming the proxy,
 * the request and the leg, once credentials were sent or a 407 was seen (a proxy that closes
 * before any of that stays OkHttp's exception). A client set up by hand ({@code
 * proxyAuthenticator} plus {@code networkInterceptor()}) gets OkHttp's raw exception.
 *
 * <p>The same application interceptor bounds each proxy handshake ({@code
 * OkHttpProxyAuthenticator.withHandshakeTimeout}, default 30 s): OkHttp has no call timeout by
 * default and reads a proxy's answer with a per-read timeout only, so a proxy dripping its answer
 * one byte at a time (each byte within the read timeout) would hold the call up to OkHttp's 256
 * KiB head limit. Neither the authenticator nor a network interceptor can end a read inside
 * OkHttp's tunnel loop; the adapter cancels the call ({@code Call.cancel()}) at the deadline and
 * reports a {@code PROXY_TIMEOUT}. A client set up by hand has no such deadline: give it a {@code
 * callTimeout}.
 */
@NullMarked
package io.github.proxyauth.okhttp;

import org.jspecify.annotations.NullMarked;
