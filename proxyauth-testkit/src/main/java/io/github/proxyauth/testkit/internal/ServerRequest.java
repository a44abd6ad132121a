package io.github.proxyauth.testkit.internal;

/**
 * The request facts a scheme may need (Digest hashes method and request-target).
 *
 * @param method the request method, for example {@code CONNECT}
 * @param target the request-target as sent: {@code host:port} or an absolute URI
 */
public record ServerRequest(String method, String target) {}
