package io.github.proxyauth.httpclient5.internal;

import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's per-context auth cache with the proxy's entry supplied by the engine: a lookup for
 * the proxy of the current hop returns a scheme that answers from the engine's own cache, which
 * outlives contexts (HttpClient's does not). Every other host goes to the context's own cache,
 * untouched. Confined to one execution, as the context is.
 */
final class EngineAuthCache implements AuthCache {
  private final AuthCache delegate;
  private final Handshake handshake;

  EngineAuthCache(@Nullable AuthCache delegate, Handshake handshake) {
    this.delegate = delegate != null ? delegate : new BasicAuthCache();
    this.handshake = handshake;
  }

  AuthCache delegate() {
    return delegate;
  }

  @Override
  public void put(HttpHost host, AuthScheme authScheme) {
    put(host, null, authScheme);
  }

  @Override
  public @Nullable AuthScheme get(HttpHost host) {
    return get(host, null);
  }

  @Override
  public void remove(HttpHost host) {
    remove(host, null);
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public void put(HttpHost host, @Nullable String pathPrefix, AuthScheme authScheme) {
    if (!(authScheme instanceof EngineAuthScheme)) {
      delegate.put(host, pathPrefix, authScheme);
    }
  }

  @Override
  public @Nullable AuthScheme get(HttpHost host, @Nullable String pathPrefix) {
    if (handshake.answersPreemptively(host)) {
      return new EngineAuthScheme(null, handshake);
    }
    return delegate.get(host, pathPrefix);
  }

  @Override
  public void remove(HttpHost host, @Nullable String pathPrefix) {
    delegate.remove(host, pathPrefix);
  }
}
