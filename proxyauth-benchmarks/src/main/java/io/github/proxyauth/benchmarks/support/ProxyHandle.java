package io.github.proxyauth.benchmarks.support;

import java.net.InetSocketAddress;

/** Returns the addresses of a running proxy and its origins; closing stops them. */
public interface ProxyHandle extends AutoCloseable {
  /** Returns the proxy's address on 127.0.0.1. */
  InetSocketAddress proxy();

  /** Returns the port of the HTTP origin ({@code /small}). */
  int httpOrigin();

  /** Returns the port of the raw bulk origin. */
  int rawOrigin();

  /** Stops the proxy and the origins. */
  @Override
  void close();

  /**
   * Returns a proxy for {@code scheme}: in a child JVM, unless the system property
   * {@code proxyauth.bench.inProcess} is {@code true} (the smoke tests).
   */
  static ProxyHandle start(String scheme) throws java.io.IOException {
    boolean negotiate = scheme.equals("negotiate");
    SharedKdc kdc = negotiate ? SharedKdc.get() : null;
    java.nio.file.Path keytab = kdc == null ? java.nio.file.Path.of("none") : kdc.serviceKeytab();
    String spn = kdc == null ? "none" : kdc.service();
    if (Boolean.getBoolean("proxyauth.bench.inProcess")) {
      return ProxyStack.start(scheme, keytab, spn);
    }
    return ProxyProcess.start(scheme, keytab, spn,
        kdc == null ? java.util.Optional.empty() : java.util.Optional.of(kdc.krb5Conf()));
  }
}
