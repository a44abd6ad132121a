package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthenticator;
import org.apache.hc.client5.http.AuthenticationStrategy;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Everything one client needs, and how it goes into HttpClient's builders. Thread-safe. */
public final class Installation {
  private static final String GATE = "proxyauth-gate";
  private static final String HOP = "proxyauth-hop";
  private static final String WIRE = "proxyauth-wire";

  private final ProxyAuthenticator engine;
  private final PreemptiveHints hints;
  private final BoundConnections bound = new BoundConnections();
  private final Lookup<AuthSchemeFactory> schemes;
  private final AuthenticationStrategy strategy;

  public Installation(ProxyAuthenticator engine) {
    this.engine = engine;
    this.hints = PreemptiveHints.of(engine);
    RegistryBuilder<AuthSchemeFactory> registry = RegistryBuilder.create();
    for (String name : new String[] {"Basic", "Digest", "NTLM", "Negotiate"}) {
      registry.register(name, context -> scheme(name, context));
    }
    this.schemes = registry.build();
    this.strategy = new ProxyAuthStrategy(schemes);
  }

  public Lookup<AuthSchemeFactory> schemes() {
    return schemes;
  }

  public AuthenticationStrategy strategy() {
    return strategy;
  }

  public HttpClientBuilder install(HttpClientBuilder builder) {
    return builder.setProxyAuthenticationStrategy(strategy)
        .setRequestExecutor(new WireTap())
        .addExecInterceptorFirst(GATE, ClassicChain.gate(engine, hints, bound))
        .addExecInterceptorBefore(ChainElement.PROTOCOL.name(), HOP, ClassicChain.hop());
  }

  public HttpAsyncClientBuilder install(HttpAsyncClientBuilder builder) {
    return builder.setProxyAuthenticationStrategy(strategy)
        .addExecInterceptorFirst(GATE, AsyncChain.gate(engine, hints, bound))
        .addExecInterceptorBefore(ChainElement.PROTOCOL.name(), HOP, AsyncChain.hop())
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), WIRE, AsyncChain.wire())
        .addRequestInterceptorLast(AsyncChain.onConnection());
  }

  private static EngineAuthScheme scheme(String name, HttpContext context) {
    Handshake handshake = Handshake.find(context).orElseThrow(() -> new IllegalStateException(
        "the proxyauth schemes need the rest of the adapter: install it with"
            + " ProxyAuthHttpClient5.configure or install, not only the registry"));
    return new EngineAuthScheme(name, handshake);
  }
}
