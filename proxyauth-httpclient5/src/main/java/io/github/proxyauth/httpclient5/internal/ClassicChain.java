package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import java.util.Optional;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;

/** The classic client's two exec chain elements. Stateless, thread-safe. */
final class ClassicChain {
  private ClassicChain() {}

  /**
   * First in the chain, above retries and redirects: starts the execution's {@link Handshake} and
   * turns a final 407 from the proxy into the engine's {@link ProxyAuthException} (thrown above
   * the retry element, so a failed authentication is never retried).
   */
  static ExecChainHandler gate(ProxyAuthenticator engine, PreemptiveHints hints,
      BoundConnections bound) {
    return (ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) -> {
      Handshake handshake = Handshake.start(scope.clientContext, engine, hints, bound, true);
      ClassicHttpResponse response = chain.proceed(request, scope);
      if (!scope.clientContext.getRequestConfigOrDefault().isAuthenticationEnabled()) {
        return response;
      }
      Optional<ProxyAuthException> failure = handshake.failureFor(response);
      if (failure.isPresent()) {
        response.close();
        throw failure.get();
      }
      return response;
    };
  }

  /** Just above the protocol element: tells the handshake the route and request of each hop. */
  static ExecChainHandler hop() {
    return (ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) -> {
      Handshake.find(scope.clientContext).ifPresent(h -> h.startHop(scope.route, request));
      return chain.proceed(request, scope);
    };
  }
}
