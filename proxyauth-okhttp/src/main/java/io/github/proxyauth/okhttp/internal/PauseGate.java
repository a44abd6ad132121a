package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Fails a call before OkHttp opens or picks a connection when the proxy it will use first has its
 * credentials paused by the lockout: a paused password costs no TCP connection and no request;
 * and when a proxy it may use is an https proxy ({@link HttpsProxyHops}).
 * An application interceptor, installed by the one-call set-up, which knows the proxies.
 * Thread-safe.
 */
public final class PauseGate implements Interceptor {
  private final ProxyAuthenticator engine;
  private final ProxySelector proxies;

  public PauseGate(ProxyAuthenticator engine, ProxySelector proxies) {
    this.engine = engine;
    this.proxies = proxies;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl url = chain.request().url();
    List<Proxy> candidates = proxies.select(url.uri());
    HttpsProxyHops.refuseAny(candidates);
    // OkHttp tries the first route first and does not fail over after an authenticator's
    // exception, so the first proxy decides.
    if (!candidates.isEmpty() && candidates.get(0).type() == Proxy.Type.HTTP
        && candidates.get(0).address() instanceof InetSocketAddress address) {
      engine.newExchange(facts(address, chain.request().method(), url)).throwIfPaused();
    }
    return chain.proceed(chain.request());
  }

  private static AuthRequest facts(InetSocketAddress proxy, String method, HttpUrl url) {
    return url.isHttps()
        ? AuthRequest.connect(proxy.getHostString(), proxy.getPort(), url.host(), url.port())
        : AuthRequest.forward(proxy.getHostString(), proxy.getPort(), method, URI.create(
            url.toString()));
  }
}
