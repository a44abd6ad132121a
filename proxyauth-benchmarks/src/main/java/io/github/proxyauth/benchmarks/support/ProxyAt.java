package io.github.proxyauth.benchmarks.support;

import java.net.InetSocketAddress;

/**
 * A proxy that runs elsewhere (a Squid port, a relay, cntlm) in front of this JVM's {@link
 * Origins}, as a {@link ProxyHandle} for {@link Clients}; closing it closes nothing.
 */
public record ProxyAt(InetSocketAddress proxy, Origins origins) implements ProxyHandle {
  @Override
  public int httpOrigin() {
    return origins.httpPort();
  }

  @Override
  public int rawOrigin() {
    return origins.rawPort();
  }

  @Override
  public void close() {
    // the proxy and the origins belong to the caller
  }
}
