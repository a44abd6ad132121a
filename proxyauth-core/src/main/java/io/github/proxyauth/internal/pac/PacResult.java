package io.github.proxyauth.internal.pac;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.internal.discovery.ProxyUrl;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code FindProxyForURL} result parsed strictly: {@code ;}-separated entries, each
 * {@code DIRECT}, {@code PROXY host:port} or {@code HTTP host:port} (usable), or
 * {@code HTTPS host:port}, {@code SOCKS host:port}, {@code SOCKS4 ...}, {@code SOCKS5 ...}
 * (well-formed but unsupported: skipped and listed in {@link #skipped()}; {@code HTTPS} is
 * usable, as an {@link HttpsProxy}, where the caller allows TLS proxies). Keywords ignore case;
 * the port is required; empty entries (a trailing {@code ;}) are ignored.
 *
 * @param proxies the usable entries in order; {@link Proxy#NO_PROXY} for DIRECT
 * @param skipped the unsupported entries as written
 */
public record PacResult(List<Proxy> proxies, List<String> skipped) {

  public PacResult {
    proxies = List.copyOf(proxies);
    skipped = List.copyOf(skipped);
  }

  /**
   * Returns the parsed result, {@code HTTPS} entries skipped.
   *
   * @throws IllegalArgumentException when an entry is malformed or the result is empty; the
   *     message quotes the result (PAC results hold no secrets)
   */
  public static PacResult parse(String result) {
    return parse(result, false);
  }

  /**
   * Returns the parsed result, {@code HTTPS} entries used when {@code tls}, else skipped.
   *
   * @throws IllegalArgumentException when an entry is malformed or the result is empty; the
   *     message quotes the result (PAC results hold no secrets)
   */
  public static PacResult parse(String result, boolean tls) {
    Objects.requireNonNull(result, "result");
    List<Proxy> proxies = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String raw : result.split(";", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split("\\s+");
      String keyword = parts[0].toUpperCase(Locale.ROOT);
      if (keyword.equals("DIRECT") && parts.length == 1) {
        proxies.add(Proxy.NO_PROXY);
      } else if (parts.length != 2) {
        throw malformed(result, entry, "DIRECT or a keyword and one host:port");
      } else if (keyword.equals("PROXY") || keyword.equals("HTTP")) {
        proxies.add(proxy(result, entry, parts[1]));
      } else if (keyword.equals("HTTPS") && tls) {
        InetSocketAddress address = (InetSocketAddress) proxy(result, entry, parts[1]).address();
        proxies.add(HttpsProxy.of(address.getHostString(), address.getPort()));
      } else if (keyword.equals("HTTPS") || keyword.matches("SOCKS[45]?")) {
        proxy(result, entry, parts[1]);
        skipped.add(entry);
      } else {
        throw malformed(result, entry, "DIRECT, PROXY, HTTP, HTTPS, SOCKS, SOCKS4 or SOCKS5");
      }
    }
    if (proxies.isEmpty() && skipped.isEmpty()) {
      throw malformed(result, result, "at least one entry");
    }
    return new PacResult(proxies, skipped);
  }

  private static Proxy proxy(String result, String entry, String hostPort) {
    if (hostPort.indexOf('@') >= 0 || hostPort.indexOf('/') >= 0 || !hostPort.matches(".*:\\d+")) {
      throw malformed(result, entry, "host:port");
    }
    try {
      ProxyUrl url = ProxyUrl.parse("http://" + hostPort, "PAC result");
      return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(url.host(), url.port()));
    } catch (IllegalArgumentException e) {
      throw malformed(result, entry, "host:port with a port 1..65535");
    }
  }

  private static IllegalArgumentException malformed(String result, String entry, String expected) {
    return new IllegalArgumentException("Malformed PAC result '" + shorten(result) + "': expected "
        + expected + " but saw '" + shorten(entry) + "'");
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
  }
}
