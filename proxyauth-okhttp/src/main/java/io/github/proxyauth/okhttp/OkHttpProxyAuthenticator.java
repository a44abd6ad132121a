package io.github.proxyauth.okhttp;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.okhttp.internal.BrokenHandshakes;
import io.github.proxyauth.okhttp.internal.ChallengeResponder;
import io.github.proxyauth.okhttp.internal.HandshakeTrail;
import io.github.proxyauth.okhttp.internal.InterceptorCheck;
import io.github.proxyauth.okhttp.internal.PauseGate;
import io.github.proxyauth.okhttp.internal.PendingTunnels;
import io.github.proxyauth.okhttp.internal.ProxyAuthInterceptor;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Returns {@code Proxy-Authorization} answers to an HTTP proxy's {@code 407} challenges for OkHttp
 * (4.12 and 5.x), computed by a {@link ProxyAuthenticator}: Basic, Digest, NTLM and Negotiate, for
 * plain {@code http://} requests forwarded by the proxy and for {@code https://} CONNECT tunnels.
 * The quickest set-up is {@link #configure(OkHttpClient.Builder, ProxyAuthenticator, Proxy)}:
 *
 * <pre>{@code
 * OkHttpClient client = OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine,
 *     new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128))).build();
 * }</pre>
 *
 * <p>Or install both parts yourself; the {@link #networkInterceptor()} is required:
 *
 * <pre>{@code
 * OkHttpProxyAuthenticator auth = OkHttpProxyAuthenticator.of(engine);
 * builder.proxyAuthenticator(auth).addNetworkInterceptor(auth.networkInterceptor());
 * }</pre>
 *
 * <p>Without it requests still get through, but no success is ever recorded. The first 407 to a
 * forwarded request that no interceptor saw says so once, as a {@code WARNING} through the
 * {@code io.github.proxyauth.okhttp} {@link System.Logger} and a {@code MISCONFIGURED} event to
 * the engine's listeners. (A client that only tunnels gets no such warning: OkHttp runs no
 * interceptor before a CONNECT, so its absence cannot be told from a tunnel still being built.)
 *
 * <p>How it behaves:
 *
 * <ul>
 *   <li><b>State in the request tag.</b> Each call's handshake (the engine's {@code AuthExchange})
 *       travels in the tag of the request this authenticator returns, which OkHttp hands back with
 *       the next {@code 407}; no handshake state is shared between calls. An exchange made for one
 *       proxy and request is never used for another (a redirect or a {@link ProxySelector} that
 *       picks another proxy starts a fresh one).
 *   <li><b>Preemptive.</b> Before each new tunnel OkHttp asks with a fake {@code OkHttp-Preemptive}
 *       challenge; it is answered from the engine's auth cache (Basic, Digest and Negotiate send
 *       credentials, NTLM its Type 1 message) or the CONNECT goes without credentials. Forwarded
 *       requests get the same from the network interceptor, except on a connection that NTLM
 *       already authenticated.
 *   <li><b>Success.</b> OkHttp reports nothing after a proxy's 200 to CONNECT. The authenticator
 *       remembers, per thread, the exchanges and routes of the CONNECTs it answered (OkHttp 5 may
 *       plan several routes at once); when the network interceptor, on the same thread, sees the
 *       first request on a connection with one of those very routes, that tunnel stands and its
 *       exchange is told it succeeded (which fills the auth cache). The thread's records end
 *       there, and hold routes weakly, so a failed or cancelled tunnel keeps nothing alive. For
 *       forwarded requests the interceptor reports the first non-407 answer.
 *   <li><b>Bounds.</b> One call keeps one exchange from leg to leg (in the request tag), so the
 *       engine's attempt cap ({@code maxAttempts}) bounds OkHttp's keep-alive CONNECT loop, which
 *       has none of its own. With the set-up of {@code configure} or {@code install}, a
 *       handshake that outlasts the {@linkplain #withHandshakeTimeout handshake timeout} (default
 *       30 s) is cancelled: OkHttp has no call timeout by default and reads a proxy's answer with
 *       a per-read timeout only, so a proxy dripping its answer or a silent one would hold the
 *       call. Every failure, the adapter's own included, is the engine's: thrown as {@link
 *       ProxyAuthException} with its diagnosis, after one {@code GAVE_UP} event.
 *   <li><b>Scope.</b> A 407 that arrived inside TLS came from the origin and is declined, as is a
 *       407 on a route without an HTTP proxy. The interceptor removes {@code Proxy-Authorization}
 *       from every request going into a tunnel or straight to an origin.
 *   <li><b>No https proxies.</b> OkHttp cannot speak TLS to a proxy. A route through an
 *       {@link io.github.proxyauth.discovery.HttpsProxy} (a {@code ProxyDiscovery} built with
 *       {@code tlsProxies(true)}, or a selector of your own) fails the call with an
 *       {@link IllegalStateException} naming the proxy before anything is sent to it: the one-call
 *       set-up checks before connecting, the authenticator before a CONNECT, the interceptor
 *       before a forwarded request. For https proxies use {@code ProxyAuthHttpClient} or a
 *       {@code LocalProxy} ({@code proxyauth serve}) as OkHttp's plain proxy.
 *   <li><b>Uploads.</b> A forwarded request with a body over 64 KiB, of unknown length or
 *       one-shot, whose credentials are not known to work (none cached yet, an NTLM handshake on a
 *       new connection, a retry after a 407) first goes out as a body-less {@code HEAD} of the
 *       same URL: Squid answers a 407 as soon as it has read the request head and then stops
 *       reading, so a large body sent on a challenged leg blocks until the write timeout (and
 *       OkHttp never follows up a one-shot body). The handshake runs on the probe; once the proxy
 *       lets it through (a {@code HEAD}, safe for the origin), the request goes on the same
 *       connection with credentials known to work, and its body is sent once. A proxy that lets
 *       an anonymous probe through is remembered and not probed again. The residual case: cached
 *       credentials the proxy rejects while the body is in flight (a password changed on the
 *       proxy); with a one-shot body that fails with a {@code PROTOCOL_ERROR} diagnosis, with a
 *       replayable one a proxy like Squid makes OkHttp wait for its write timeout.
 *   <li><b>Closed connections.</b> A 407 with {@code Connection: close} makes OkHttp reconnect: a
 *       connection-bound handshake (NTLM) restarts there. For forwarded requests a 407 with
 *       {@code Proxy-Connection: close} or a body delimited by closing is treated the same way
 *       (OkHttp retries the answer on a new connection). A 407 to CONNECT that OkHttp cannot
 *       survive on a kept-alive connection ({@code Proxy-Connection: close}, which OkHttp ignores;
 *       a chunked body, which it does not skip; a body without a length) fails at once with a
 *       {@code PROTOCOL_ERROR} diagnosis naming the proxy's fault, before any credentials are sent.
 *   <li><b>Broken handshakes.</b> A proxy that closes the connection instead of answering a leg,
 *       or sends a head over OkHttp's 256 KiB limit, makes OkHttp throw its own "unexpected end
 *       of stream"; the one-call set-up's application interceptor turns that into a
 *       {@code PROTOCOL_ERROR} naming the request and the leg. The same interceptor turns a call
 *       the handshake timeout cancelled, and an OkHttp socket timeout during a handshake, into a
 *       {@code PROXY_TIMEOUT} naming the proxy and the last request sent to it. Set up by hand,
 *       without it, the call fails with OkHttp's exception and has no handshake deadline (see
 *       the package documentation).
 * </ul>
 *
 * <p>Use one instance per {@link OkHttpClient}: OkHttp pools connections per authenticator
 * instance, and {@link OkHttpClient#newBuilder()} copies share it correctly. Thread-safe.
 */
public final class OkHttpProxyAuthenticator implements Authenticator {
  /** The default {@link #withHandshakeTimeout handshake timeout}, the relay's default too. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  private final ProxyAuthenticator engine;
  private final ChallengeResponder challenges;
  private final Interceptor interceptor;
  private final HandshakeTrail trail;

  private OkHttpProxyAuthenticator(ProxyAuthenticator engine, Duration handshakeTimeout) {
    this.engine = engine;
    this.trail = new HandshakeTrail(handshakeTimeout);
    PendingTunnels tunnels = new PendingTunnels();
    InterceptorCheck check = new InterceptorCheck();
    this.challenges = new ChallengeResponder(engine, tunnels, check, trail);
    this.interceptor = new ProxyAuthInterceptor(engine, tunnels, check, trail);
  }

  /** Returns an authenticator for OkHttp backed by {@code engine}, handshake timeout 30 s. */
  public static OkHttpProxyAuthenticator of(ProxyAuthenticator engine) {
    return new OkHttpProxyAuthenticator(Objects.requireNonNull(engine, "engine"),
        HANDSHAKE_TIMEOUT);
  }

  /**
   * Returns a new authenticator like this one that ends a proxy handshake after {@code timeout}
   * (default 30 s, as {@code ProxyRelay.Builder.handshakeTimeout}) with a {@code PROXY_TIMEOUT}
   * diagnosis naming the proxy and the last request sent to it: it cancels the call. The
   * handshake runs from the first request to the proxy (a CONNECT, before OkHttp connects; a
   * forwarded request once its body is written) to the first answer that is not a 407; for a
   * tunnel that is the first request OkHttp sends in it, so the TLS handshake with the origin
   * inside the tunnel counts, and for a forwarded request the origin's time to its answer's head
   * does (as in the relay). Bodies, uploads and downloads, never count. Only the set-up of
   * {@link #install(OkHttpClient.Builder, Proxy) install} or {@code configure} has the deadline: it
   * needs the application interceptor they add.
   */
  public OkHttpProxyAuthenticator withHandshakeTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Expected a positive handshake timeout, got " + timeout);
    }
    return new OkHttpProxyAuthenticator(engine, timeout);
  }

  /**
   * Returns {@code builder} set to use {@code proxy} and to authenticate with {@code engine}: a new
   * {@link OkHttpProxyAuthenticator} (handshake timeout 30 s) as its proxy authenticator, that
   * authenticator's {@link #networkInterceptor()} appended to its network interceptors, and two
   * application interceptors appended (the lockout's pause, the handshake deadline and the
   * diagnosis of broken handshakes). Call it once per builder.
   */
  public static OkHttpClient.Builder configure(OkHttpClient.Builder builder,
      ProxyAuthenticator engine, Proxy proxy) {
    return of(engine).install(builder, proxy);
  }

  /**
   * Returns {@code builder} set to choose proxies with {@code selector} and to authenticate with
   * {@code engine}, as {@link #configure(OkHttpClient.Builder, ProxyAuthenticator, Proxy)} does.
   * Credentials are scoped per proxy: an exchange begun with one proxy never answers another.
   */
  public static OkHttpClient.Builder configure(OkHttpClient.Builder builder,
      ProxyAuthenticator engine, ProxySelector selector) {
    return of(engine).install(builder, selector);
  }

  /**
   * Returns the network interceptor that must accompany this authenticator on the same client
   * (install it with {@link OkHttpClient.Builder#addNetworkInterceptor}): it strips credentials
   * from requests that do not go to the proxy, answers forwarded requests preemptively and reports
   * successes to the engine. Always the same instance.
   */
  public Interceptor networkInterceptor() {
    return interceptor;
  }

  /**
   * Returns the request that answers {@code response}, a proxy's {@code 407}, or null to decline
   * (a 407 from an origin inside TLS, no route, no HTTP proxy).
   *
   * @throws ProxyAuthException when authentication cannot go on; its diagnosis says why
   */
  @Override
  public @Nullable Request authenticate(@Nullable Route route, Response response)
      throws IOException {
    return challenges.authenticate(route, Objects.requireNonNull(response, "response"));
  }

  @Override
  public String toString() {
    return "OkHttpProxyAuthenticator";
  }

  /**
   * Returns {@code builder} set to use {@code proxy} and to authenticate with this authenticator,
   * as {@link #configure(OkHttpClient.Builder, ProxyAuthenticator, Proxy)} does with a new one.
   * Use it for an authenticator made with {@link #withHandshakeTimeout}; once per builder.
   */
  public OkHttpClient.Builder install(OkHttpClient.Builder builder, Proxy proxy) {
    Objects.requireNonNull(proxy, "proxy");
    ProxySelector fixed = new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxy);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    };
    return installed(Objects.requireNonNull(builder, "builder").proxy(proxy), fixed);
  }

  /**
   * Returns {@code builder} set to choose proxies with {@code selector} and to authenticate with
   * this authenticator, as {@link #configure(OkHttpClient.Builder, ProxyAuthenticator,
   * ProxySelector)} does with a new one; once per builder.
   */
  public OkHttpClient.Builder install(OkHttpClient.Builder builder, ProxySelector selector) {
    Objects.requireNonNull(selector, "selector");
    return installed(Objects.requireNonNull(builder, "builder").proxySelector(selector),
        selector);
  }

  private OkHttpClient.Builder installed(OkHttpClient.Builder builder, ProxySelector proxies) {
    return builder.proxyAuthenticator(this).addNetworkInterceptor(interceptor)
        .addInterceptor(new PauseGate(engine, proxies))
        .addInterceptor(new BrokenHandshakes(engine, trail));
  }
}
