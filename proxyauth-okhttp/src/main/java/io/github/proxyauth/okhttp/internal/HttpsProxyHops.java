package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.discovery.HttpsProxy;
import java.net.Proxy;
import java.util.List;

/**
 * Refuses https proxies ({@link HttpsProxy}, from a selector built with {@code tlsProxies(true)}
 * or the user's own): OkHttp has no TLS to a proxy, so it would send the request, and any
 * {@code Proxy-Authorization}, to the proxy's TLS port in clear. Checked before OkHttp connects
 * (the one-call set-up's application interceptor), before a CONNECT is written (the authenticator,
 * asked first for every new tunnel) and before a forwarded request is written (the network
 * interceptor).
 */
public final class HttpsProxyHops {
  private HttpsProxyHops() {}

  /**
   * Throws when {@code proxy} is an https proxy.
   *
   * @throws IllegalStateException naming the proxy and what to use instead
   */
  public static void refuse(Proxy proxy) {
    if (proxy instanceof HttpsProxy) {
      throw new IllegalStateException("OkHttp cannot speak TLS to the https proxy " + proxy
          + " that its ProxySelector chose: it would send the request and the proxy credentials"
          + " to it in clear, so proxyauth stopped the call before sending anything. Go through"
          + " a proxyauth relay, which speaks TLS to https proxies: ProxyAuthHttpClient"
          + " (proxyauth-jdkhttp), or a LocalProxy (proxyauth-relay; 'proxyauth serve' on the"
          + " command line) that OkHttp uses as a plain http://127.0.0.1 proxy. Or name a plain"
          + " http:// proxy (ProxyDiscovery without tlsProxies(true)).");
    }
  }

  /** Throws when any of {@code proxies} is an https proxy: OkHttp fails over to each in turn. */
  public static void refuseAny(List<Proxy> proxies) {
    proxies.forEach(HttpsProxyHops::refuse);
  }
}
