/** proxyauth for {@code java.net.http}: {@link io.github.proxyauth.jdkhttp.ProxyAuthHttpClient}. */
module io.github.proxyauth.jdkhttp {
  requires transitive io.github.proxyauth.relay;
  requires transitive java.net.http;
  requires static org.jspecify;

  exports io.github.proxyauth.jdkhttp;
}
