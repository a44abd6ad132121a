/** proxyauth for OkHttp: {@link io.github.proxyauth.okhttp.OkHttpProxyAuthenticator}. */
module io.github.proxyauth.okhttp {
  requires transitive io.github.proxyauth;
  requires transitive okhttp3;
  requires static org.jspecify;

  exports io.github.proxyauth.okhttp;
}
