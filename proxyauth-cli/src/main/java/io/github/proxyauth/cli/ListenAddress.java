package io.github.proxyauth.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A {@code host:port} to listen on ({@code --listen}, {@code --admin}): an IPv4 address, a name,
 * or an IPv6 address in brackets; port 0 picks a free one.
 */
record ListenAddress(String host, int port) {
  static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 3128);

  static ListenAddress parse(String option, String text, String command) throws UsageException {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    String port = text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = "";
    }
    if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new UsageException(command + ": expected " + option + " to be host:port (127.0.0.1:3128,"
          + " [::1]:3128; port 0 picks a free one) but saw '" + Urls.redacted(text) + "'", command);
    }
    return new ListenAddress(host, Integer.parseInt(port));
  }

  /** Returns the socket address; a name is resolved now. */
  InetSocketAddress resolve(String option) throws ConfigException {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new ConfigException(option + " " + this + ": cannot resolve '" + host + "'");
    }
  }

  /** Returns the address as {@code host:port}, IPv6 in brackets. */
  static String display(InetSocketAddress address) {
    String host = address.getAddress() == null ? address.getHostString()
        : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
