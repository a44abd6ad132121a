/** Micrometer meters for proxyauth: {@link io.github.proxyauth.micrometer.ProxyAuthMeters}. */
module io.github.proxyauth.micrometer {
  requires transitive io.github.proxyauth;
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports io.github.proxyauth.micrometer;
}
