/**
 * proxyauth's engine, schemes, proxy discovery and preflight checks. Applications use
 * {@code io.github.proxyauth}; adapter and scheme authors {@code io.github.proxyauth.spi}.
 *
 * <p>Rhino (PAC scripts) is optional: on the module path add {@code org.mozilla.rhino} and, when
 * nothing else requires it, {@code --add-modules org.mozilla.rhino}.
 */
module io.github.proxyauth {
  requires static transitive org.jspecify;
  requires static org.mozilla.rhino;
  requires java.net.http; // PAC files fetched from a URL
  requires java.security.jgss; // Negotiate (GSS-API, Kerberos)
  requires jdk.security.auth; // Krb5LoginModule, loaded by name through JAAS
  requires jcifs.ng; // NTLM; jcifs-ng 2.1 has no module descriptor, its name comes from the jar

  exports io.github.proxyauth;
  exports io.github.proxyauth.spi;
  exports io.github.proxyauth.discovery;
  exports io.github.proxyauth.preflight;

  // The one HTTP/1.1 proxy-client layer, shared with the relay; not API.
  exports io.github.proxyauth.internal.http to io.github.proxyauth.relay;
  // IP literal and CIDR matching, for the relay's client allow list; not API.
  exports io.github.proxyauth.internal.discovery to io.github.proxyauth.relay;
}
