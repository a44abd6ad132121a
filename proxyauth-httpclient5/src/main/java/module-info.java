/** proxyauth for Apache HttpClient 5: {@link io.github.proxyauth.httpclient5.ProxyAuthHttpClient5}. */
module io.github.proxyauth.httpclient5 {
  requires transitive io.github.proxyauth;
  requires transitive org.apache.httpcomponents.client5.httpclient5;
  requires transitive org.apache.httpcomponents.core5.httpcore5;
  requires static org.jspecify;

  exports io.github.proxyauth.httpclient5;
}
