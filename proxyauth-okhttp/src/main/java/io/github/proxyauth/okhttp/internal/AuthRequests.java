package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthRequest;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Route;

/** Turns OkHttp's route and request into the engine's {@link AuthRequest}. */
final class AuthRequests {
  private AuthRequests() {}

  /** Returns true when the route goes through an HTTP proxy with a socket address. */
  static boolean viaHttpProxy(Route route) {
    Proxy proxy = route.proxy();
    return proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress;
  }

  /** Returns true when requests on this route go into a TLS tunnel (or straight to the origin). */
  static boolean bypassesProxy(Route route, Request request) {
    return !viaHttpProxy(route) || route.requiresTunnel() || request.isHttps();
  }

  /** Returns {@code CONNECT host:port} through the route's proxy, as OkHttp writes it. */
  static AuthRequest tunnel(Route route) {
    InetSocketAddress proxy = proxyAddress(route);
    HttpUrl url = route.address().url();
    return AuthRequest.connect(proxy.getHostString(), proxy.getPort(), url.host(), url.port());
  }

  /** Returns the forwarded request: method and absolute URL, exactly as in OkHttp's request line. */
  static AuthRequest forward(Route route, Request request) {
    InetSocketAddress proxy = proxyAddress(route);
    return new AuthRequest(proxy.getHostString(), proxy.getPort(), request.method(),
        request.url().toString());
  }

  /** Returns {@code host:port} of the route's proxy, host unresolved as configured. */
  static String proxyOf(Route route) {
    InetSocketAddress proxy = proxyAddress(route);
    return AuthRequest.connect(proxy.getHostString(), proxy.getPort(), "x", 1).proxy();
  }

  private static InetSocketAddress proxyAddress(Route route) {
    // The unresolved host string: what the user configured, the Kerberos service host and cache key.
    return (InetSocketAddress) route.proxy().address();
  }
}
