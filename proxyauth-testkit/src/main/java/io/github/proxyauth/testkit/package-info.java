/**
 * An embeddable authenticating HTTP proxy ({@link io.github.proxyauth.testkit.TestProxy}) and
 * Kerberos KDC ({@link io.github.proxyauth.testkit.TestKdc}) for testing HTTP clients behind
 * Basic, Digest, NTLM and Negotiate proxies. Independent of proxyauth-core on purpose: its
 * server-side checks are written separately, so a bug shared by client and server cannot make a
 * test pass.
 */
@NullMarked
package io.github.proxyauth.testkit;

import org.jspecify.annotations.NullMarked;
