package io.github.proxyauth.httpclient5;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.httpclient5.internal.Installation;
import io.github.proxyauth.httpclient5.internal.SelectorRoutePlanner;
import java.net.ProxySelector;
import java.util.Objects;
import org.apache.hc.client5.http.AuthenticationStrategy;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Lookup;

/**
 * Proxy authentication for Apache HttpClient 5 (5.4 and later), classic and async, computed by a
 * {@link ProxyAuthenticator}: Basic, Digest, NTLM and Negotiate, for plain {@code http://}
 * requests the proxy forwards and for {@code https://} CONNECT tunnels. HttpClient 5 deprecated
 * its own NTLM and SPNEGO and turns them off by default; this brings them back, driven by the
 * engine. The quickest set-up:
 *
 * <pre>{@code
 * CloseableHttpClient client = ProxyAuthHttpClient5.configure(HttpClients.custom(), engine,
 *     new HttpHost("proxy.corp", 3128)).build();
 * }</pre>
 *
 * <p>Or install it into a builder whose proxy or route planner you set yourself:
 *
 * <pre>{@code
 * ProxyAuthHttpClient5.of(engine).install(builder.setRoutePlanner(planner));
 * }</pre>
 *
 * <p>How it plugs in:
 *
 * <ul>
 *   <li><b>HttpClient's seams.</b> A proxy {@link AuthenticationStrategy} whose schemes come from
 *       {@link #authSchemes()}, a registry of {@code AuthScheme}s that hold no state and ask the
 *       engine for every answer. HttpClient's handshake loop, its connection-based contract
 *       ({@code isConnectionBased} is true while NTLM runs) and its CONNECT code stay in charge of
 *       when to send; the engine decides what. The engine reads every raw
 *       {@code Proxy-Authenticate} field (not HttpClient's one challenge per scheme) and selects
 *       strongest-first, refusing downgrades below its minimum strength.
 *   <li><b>Preemptive.</b> HttpClient's auth cache lives in one context; the engine's outlives
 *       it. The adapter puts the proxy's entry into each context's cache, so every new tunnel
 *       authenticates ahead (Basic, Digest with the next nonce count, Negotiate; NTLM sends its
 *       Type 1) and so do forwarded requests. For a connection-bound scheme (NTLM, and Negotiate
 *       where the proxy keeps the connection authenticated, as Squid does) the adapter decides
 *       per connection, where the request is written: the first forwarded request on a new
 *       connection authenticates ahead, later ones on a connection it authenticated carry no
 *       header; a proxy that answers those with 407 gets a Negotiate token with every request.
 *   <li><b>Failure.</b> When the engine gives up (credentials rejected, nothing usable, attempt
 *       cap, lockout back-off, a downgrade refused) the call fails with a
 *       {@link ProxyAuthException} carrying the diagnosis, instead of returning the 407; it is
 *       thrown above HttpClient's retry element and so is never retried.
 *   <li><b>Scope.</b> No credentials to origins: the adapter only answers proxy challenges (the
 *       target strategy and registry stay HttpClient's own, with the application's
 *       {@link CredentialsProvider}), declines a 407 that came through a tunnel, and removes
 *       {@code Proxy-Authorization} from every request that goes into a tunnel or straight to an
 *       origin. An exchange started with one proxy never answers another (a route planner, a
 *       redirect), and HttpClient pools connections per route, so a connection NTLM
 *       authenticated is only ever used with its proxy.
 *   <li><b>What it replaces.</b> For proxy challenges HttpClient's {@link CredentialsProvider} is
 *       not consulted and {@code RequestConfig}'s preferred proxy schemes are not used: the
 *       engine's credential provider and scheme order are. The classic builder's request executor
 *       is replaced (the adapter reads the answer to CONNECT there); exec interceptors named
 *       {@code proxyauth-*} are added, and on the async builder a last request interceptor (it
 *       runs where the request meets its connection).
 * </ul>
 *
 * <p><b>https proxies.</b> TLS to the proxy is HttpClient's own: a proxy {@link HttpHost} with
 * scheme {@code https} ({@code new HttpHost("https", "proxy.corp", 443)}), or an https proxy
 * ({@code HttpsProxy}, from a {@code ProxyDiscovery} with {@code tlsProxies(true)}) from a
 * {@link ProxySelector} given to
 * {@link #configure(HttpClientBuilder, ProxyAuthenticator, ProxySelector)}, which keeps the mark
 * (HttpClient's {@code SystemDefaultRoutePlanner} drops it and would send the credentials to the
 * proxy's TLS port in clear). HttpClient's connection operator opens TLS to the proxy before it
 * writes a byte, with the connection manager's TLS strategy for {@code https}, the one that
 * checks https origins: the proxy's certificate must be trusted and issued to the proxy's host
 * name as the route names it. By default that is the JDK's trust store and HttpClient's host name
 * verifier; to trust a corporate CA, give the connection manager a strategy, for example
 * {@code PoolingHttpClientConnectionManagerBuilder.create().setTlsSocketStrategy(new
 * DefaultClientTlsStrategy(sslContext))} ({@code setTlsStrategy} on the async builder). The proxy
 * and https origins share that trust, because HttpClient picks TLS by scheme name alone. A failed
 * handshake fails the call before any request or credentials are written. Over the TLS connection
 * authentication runs as with a plain proxy (407s, NTLM on the connection, the auth cache):
 *
 * <ul>
 *   <li><b>Classic client:</b> {@code http://} origins (requests the proxy forwards) and
 *       {@code https://} origins (CONNECT, then the origin's TLS inside the proxy's).
 *   <li><b>Async client:</b> {@code http://} origins only. HttpCore 5's async I/O session holds
 *       one TLS layer ({@code startTls} fails with "TLS already activated"), so the origin's TLS
 *       cannot run inside the proxy's: a route to an {@code https://} origin through an https
 *       proxy fails with an {@link IllegalStateException} before HttpClient connects. Use the
 *       classic client for those, or a {@code LocalProxy} ({@code proxyauth serve}) as the async
 *       client's plain proxy.
 * </ul>
 *
 * <p>HttpClient 5 checks the proxy's certificate against the route's target name when the route
 * has one (an https request whose authority differs from its target host), not against the
 * proxy's: such a request fails the handshake with an https proxy.
 *
 * <p>Use one instance per client; thread-safe.
 */
public final class ProxyAuthHttpClient5 {
  private final Installation installation;

  private ProxyAuthHttpClient5(ProxyAuthenticator engine) {
    this.installation = new Installation(engine);
  }

  /** Returns an adapter for one client, backed by {@code engine}. */
  public static ProxyAuthHttpClient5 of(ProxyAuthenticator engine) {
    return new ProxyAuthHttpClient5(Objects.requireNonNull(engine, "engine"));
  }

  /**
   * Returns {@code builder} set to use {@code proxy} (with an explicit port) and to authenticate
   * with {@code engine}. Call it once per builder.
   */
  public static HttpClientBuilder configure(HttpClientBuilder builder, ProxyAuthenticator engine,
      HttpHost proxy) {
    return of(engine).install(Objects.requireNonNull(builder, "builder").setProxy(checked(proxy)));
  }

  /**
   * Returns {@code builder} set to choose proxies with {@code routePlanner} and to authenticate
   * with {@code engine}: credentials are scoped per proxy. Call it once per builder.
   */
  public static HttpClientBuilder configure(HttpClientBuilder builder, ProxyAuthenticator engine,
      HttpRoutePlanner routePlanner) {
    Objects.requireNonNull(routePlanner, "routePlanner");
    return of(engine).install(Objects.requireNonNull(builder, "builder")
        .setRoutePlanner(routePlanner));
  }

  /**
   * Returns {@code builder} set to choose proxies with {@code selector} (a {@code ProxyDiscovery},
   * say) and to authenticate with {@code engine}, as HttpClient's {@code SystemDefaultRoutePlanner}
   * would route (the first DIRECT or HTTP entry of the list), except that an https proxy stays
   * one. Call it once per builder.
   *
   * <p>An {@link io.github.proxyauth.discovery.HttpsProxy} (a discovery built with
   * {@code tlsProxies(true)}) becomes a proxy host with scheme {@code https}: HttpClient speaks
   * TLS to it, checked by the connection manager's TLS strategy (see the class comment), where a
   * {@code SystemDefaultRoutePlanner} would make it a plain proxy and send the credentials in
   * clear.
   */
  public static HttpClientBuilder configure(HttpClientBuilder builder, ProxyAuthenticator engine,
      ProxySelector selector) {
    return configure(builder, engine, planner(selector));
  }

  /**
   * Returns the async {@code builder} set to use {@code selector}, as the classic one does. Through
   * an https proxy it reaches {@code http://} origins only; a route to an {@code https://} origin
   * through one fails with an {@link IllegalStateException} before connecting (see the class
   * comment).
   */
  public static HttpAsyncClientBuilder configure(HttpAsyncClientBuilder builder,
      ProxyAuthenticator engine, ProxySelector selector) {
    return configure(builder, engine, planner(selector));
  }

  /** Returns the async {@code builder} set to use {@code proxy}, as the classic variant does. */
  public static HttpAsyncClientBuilder configure(HttpAsyncClientBuilder builder,
      ProxyAuthenticator engine, HttpHost proxy) {
    return of(engine).install(Objects.requireNonNull(builder, "builder").setProxy(checked(proxy)));
  }

  /** Returns the async {@code builder} set to use {@code routePlanner}, as the classic one does. */
  public static HttpAsyncClientBuilder configure(HttpAsyncClientBuilder builder,
      ProxyAuthenticator engine, HttpRoutePlanner routePlanner) {
    Objects.requireNonNull(routePlanner, "routePlanner");
    return of(engine).install(Objects.requireNonNull(builder, "builder")
        .setRoutePlanner(routePlanner));
  }

  /**
   * Returns {@code builder} with this adapter installed: the proxy authentication strategy, the
   * request executor and the exec interceptors. The proxy or route planner is the caller's.
   */
  public HttpClientBuilder install(HttpClientBuilder builder) {
    return installation.install(Objects.requireNonNull(builder, "builder"));
  }

  /** Returns the async {@code builder} with this adapter installed (strategy and interceptors). */
  public HttpAsyncClientBuilder install(HttpAsyncClientBuilder builder) {
    return installation.install(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * Returns the registry of the engine-driven schemes, by HttpClient's names ({@code Basic},
   * {@code Digest}, {@code NTLM}, {@code Negotiate}), as the installed strategy uses it. Its
   * schemes work only inside a client this adapter is installed in.
   */
  public Lookup<AuthSchemeFactory> authSchemes() {
    return installation.schemes();
  }

  /** Returns the installed proxy authentication strategy. */
  public AuthenticationStrategy proxyAuthenticationStrategy() {
    return installation.strategy();
  }

  @Override
  public String toString() {
    return "ProxyAuthHttpClient5";
  }

  private static HttpRoutePlanner planner(ProxySelector selector) {
    return new SelectorRoutePlanner(Objects.requireNonNull(selector, "selector"));
  }

  private static HttpHost checked(HttpHost proxy) {
    Objects.requireNonNull(proxy, "proxy");
    if (proxy.getPort() < 1) {
      throw new IllegalArgumentException("the proxy needs an explicit port: " + proxy);
    }
    return proxy;
  }
}
