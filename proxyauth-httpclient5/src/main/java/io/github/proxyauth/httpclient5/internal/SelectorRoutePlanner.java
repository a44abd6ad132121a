package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.discovery.HttpsProxy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Routes by a {@link ProxySelector} as HttpClient's {@code SystemDefaultRoutePlanner} does (the
 * first DIRECT or HTTP entry of the list decides), except that an https proxy
 * ({@link HttpsProxy}) is refused: {@code SystemDefaultRoutePlanner} turns it into a plain
 * {@code http} proxy host, so HttpClient would send the request and the proxy credentials to the
 * proxy's TLS port in clear. Route planning runs before HttpClient connects. Thread-safe.
 */
public final class SelectorRoutePlanner extends DefaultRoutePlanner {
  private final ProxySelector selector;

  public SelectorRoutePlanner(ProxySelector selector) {
    super(null); // HttpClient's default scheme port resolver
    this.selector = selector;
  }

  @Override
  protected @Nullable HttpHost determineProxy(HttpHost target, HttpContext context)
      throws HttpException {
    URI uri;
    try {
      uri = new URI(target.toURI());
    } catch (URISyntaxException e) {
      throw new HttpException("Expected a target that makes a URI for the ProxySelector but saw "
          + target, e);
    }
    for (Proxy proxy : selector.select(uri)) {
      if (proxy.type() == Proxy.Type.DIRECT) {
        return null;
      }
      if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress a) {
        refuse(proxy);
        return new HttpHost(a.getHostString(), a.getPort());
      }
    }
    return null;
  }

  private static void refuse(Proxy proxy) {
    if (proxy instanceof HttpsProxy) {
      throw new IllegalStateException("The ProxySelector chose the https proxy " + proxy
          + ", and proxyauth does not hand HttpClient 5 a TLS proxy: HttpClient would need it as"
          + " new HttpHost(\"https\", host, port), and a SystemDefaultRoutePlanner would send the"
          + " request and the proxy credentials to it in clear. The call was stopped before"
          + " connecting. Go through a proxyauth relay, which speaks TLS to https proxies:"
          + " ProxyAuthHttpClient (proxyauth-jdkhttp), or a LocalProxy (proxyauth-relay;"
          + " 'proxyauth serve' on the command line) set as HttpClient's plain http://127.0.0.1"
          + " proxy. Or name a plain http:// proxy (ProxyDiscovery without tlsProxies(true)).");
    }
  }
}
