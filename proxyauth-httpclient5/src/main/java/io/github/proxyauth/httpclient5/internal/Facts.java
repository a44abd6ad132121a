package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.spi.AuthRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.net.URIAuthority;

/** Turns HttpClient 5's hosts and requests into the engine's {@link AuthRequest}. */
final class Facts {
  static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
  static final String PROXY_AUTHENTICATE = "Proxy-Authenticate";

  private Facts() {}

  /** Returns {@code CONNECT target} through {@code proxy}, as HttpClient writes it. */
  static AuthRequest connect(HttpHost proxy, HttpHost target) {
    return AuthRequest.connect(proxy.getHostName(), port(proxy), target.getHostName(),
        port(target));
  }

  /** Returns the forwarded {@code request} through {@code proxy}, with its absolute URI. */
  static AuthRequest forward(HttpHost proxy, HttpHost target, HttpRequest request) {
    return new AuthRequest(proxy.getHostName(), port(proxy), request.getMethod(),
        absoluteTarget(target, request));
  }

  /** Returns {@code host:port} of the proxy, as the engine names it. */
  static String proxyName(HttpHost proxy) {
    return AuthRequest.connect(proxy.getHostName(), port(proxy), "x", 1).proxy();
  }

  static boolean isConnect(HttpRequest request) {
    return Method.CONNECT.isSame(request.getMethod());
  }

  /** Returns every {@code Proxy-Authenticate} value of {@code response}, in order. */
  static List<String> challenges(HttpResponse response) {
    return values(response, PROXY_AUTHENTICATE);
  }

  static List<String> values(HttpResponse response, String name) {
    List<String> values = new ArrayList<>();
    for (Header header : response.getHeaders(name)) {
      if (header.getValue() != null) {
        values.add(header.getValue());
      }
    }
    return values;
  }

  private static String absoluteTarget(HttpHost target, HttpRequest request) {
    String uri = request.getRequestUri();
    if (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8)) {
      return uri; // the absolute form HttpClient writes to a proxy
    }
    String scheme = request.getScheme() != null ? request.getScheme() : target.getSchemeName();
    URIAuthority authority = request.getAuthority() != null ? request.getAuthority()
        : new URIAuthority(target);
    return scheme.toLowerCase(Locale.ROOT) + "://" + authority + uri;
  }

  private static int port(HttpHost host) {
    if (host.getPort() > 0) {
      return host.getPort();
    }
    return "https".equalsIgnoreCase(host.getSchemeName()) ? 443 : 80;
  }
}
