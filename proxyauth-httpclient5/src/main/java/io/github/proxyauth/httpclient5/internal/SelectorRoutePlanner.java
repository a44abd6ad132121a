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
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Routes by a {@link ProxySelector} as HttpClient's {@code SystemDefaultRoutePlanner} does (the
 * first DIRECT or HTTP entry of the list decides), except that an https proxy
 * ({@link HttpsProxy}) keeps its mark: it becomes a proxy host with scheme {@code https}, to
 * which HttpClient's connection operator opens TLS before it writes anything (the connection
 * manager's TLS strategy, which checks the certificate and the proxy's host name).
 * {@code SystemDefaultRoutePlanner} turns it into a plain {@code http} proxy host, and HttpClient
 * would send the request and the proxy credentials to the proxy's TLS port in clear.
 * Thread-safe.
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
        URIScheme scheme = proxy instanceof HttpsProxy ? URIScheme.HTTPS : URIScheme.HTTP;
        return new HttpHost(scheme.id, a.getHostString(), a.getPort());
      }
    }
    return null;
  }
}
