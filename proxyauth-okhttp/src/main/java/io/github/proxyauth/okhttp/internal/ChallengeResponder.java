package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.util.List;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@code OkHttpProxyAuthenticator}: answers the 407s OkHttp hands to its
 * proxy authenticator (the fake {@code OkHttp-Preemptive} one before each new tunnel, a CONNECT's
 * 407, a forwarded request's 407). Keeps no state of its own: the handshake travels in the request
 * tag. Thread-safe.
 */
public final class ChallengeResponder {
  /** OkHttp's own limit of follow-up requests per call ({@code RetryAndFollowUpInterceptor}). */
  static final int OKHTTP_MAX_FOLLOW_UPS = 20;

  private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
  private static final String PREEMPTIVE = "OkHttp-Preemptive";

  private final ProxyAuthenticator engine;
  private final PendingTunnels tunnels;
  private final InterceptorCheck check;
  private final HandshakeTrail trail;

  public ChallengeResponder(ProxyAuthenticator engine, PendingTunnels tunnels,
      InterceptorCheck check, HandshakeTrail trail) {
    this.engine = engine;
    this.tunnels = tunnels;
    this.check = check;
    this.trail = trail;
  }

  /** Returns the next request to send, or null to decline (the 407 is not the proxy's). */
  public @Nullable Request authenticate(@Nullable Route route, Response response)
      throws ProxyAuthException {
    if (route != null) {
      HttpsProxyHops.refuse(route.proxy()); // asked before every new tunnel's CONNECT
    }
    if (route == null || response.code() != 407 || !AuthRequests.viaHttpProxy(route)
        || response.handshake() != null) {
      return null; // a 407 from inside TLS came from the origin, not from the proxy
    }
    Request sent = sentRequest(response);
    boolean tunnel = sent.method().equals("CONNECT");
    if (!tunnel && (sent.isHttps() || route.requiresTunnel())) {
      return null;
    }
    if (!tunnel && Uploads.isPassed(sent)) {
      return Uploads.cleared(response.request()); // our interceptor's probe passed: send the body
    }
    AuthRequest facts = tunnel ? AuthRequests.tunnel(route) : AuthRequests.forward(route, sent);
    if (tunnel && isFakePreemptive(response, sent)) {
      return preemptive(route, response.request(), facts);
    }
    try {
      return answer(route, response, sent, facts);
    } catch (ProxyAuthException e) {
      tunnels.failed(route);
      throw e;
    }
  }

  private Request preemptive(Route route, Request connect, AuthRequest facts)
      throws ProxyAuthException {
    AuthExchange exchange = engine.newExchange(facts);
    exchange.throwIfPaused(); // before the tunnel's connection is even opened
    Optional<String> value = exchange.preemptive();
    tunnels.answered(route, exchange);
    trail.sent(facts, Optional.of(exchange), List.of());
    Request.Builder next = connect.newBuilder()
        .tag(ExchangeTag.class, new ExchangeTag(exchange));
    value.ifPresent(v -> next.header(PROXY_AUTHORIZATION, v));
    return next.build(); // without a value OkHttp sends the CONNECT as it is, now tagged
  }

  private Request answer(Route route, Response response, Request sent, AuthRequest facts)
      throws ProxyAuthException {
    List<String> challenges = response.headers("Proxy-Authenticate");
    Optional<ExchangeTag> tag = ExchangeTag.of(sent);
    // An exchange made for another proxy or request (a redirect, a ProxySelector) never answers.
    AuthExchange exchange = tag.map(ExchangeTag::exchange)
        .filter(e -> e.request().equals(facts)).orElseGet(() -> engine.newExchange(facts));
    if (!facts.tunnel()) {
      check.forwarded(exchange);
    }
    ConnectionFate fate = ConnectionFate.of(response, facts.tunnel());
    if (fate.broken().isPresent()) {
      throw brokenTunnel(exchange, challenges, fate.broken().get());
    }
    if (!facts.tunnel() && exchange.attempts() >= OKHTTP_MAX_FOLLOW_UPS) {
      throw exchange.fail(challenges, Reason.TOO_MANY_ATTEMPTS, "the proxy answered 407 to "
          + exchange.attempts() + " authenticated requests of one call, and OkHttp allows no more"
          + " than " + OKHTTP_MAX_FOLLOW_UPS + " follow-ups", "check the proxy's access rules"
          + " for this user; a proxy that never accepts is misconfigured", null);
    }
    Request user = response.request();
    boolean probe = !facts.tunnel() && Uploads.isProbe(sent, user);
    if (!facts.tunnel() && !probe && user.body() != null && SendOnceBody.spent(user.body())) {
      throw spentBody(exchange, challenges);
    }
    if (fate.closes()) {
      exchange.connectionClosed(); // OkHttp sends the next leg on a new connection
    }
    String value = exchange.respond(challenges);
    if (facts.tunnel()) {
      tunnels.answered(route, exchange);
    }
    trail.sent(facts, Optional.of(exchange), challenges);
    Request.Builder next = probe ? Uploads.followUp(user) : user.newBuilder();
    return next.header(PROXY_AUTHORIZATION, value)
        .tag(ExchangeTag.class, new ExchangeTag(exchange, probe))
        .build();
  }

  /** Ends the exchange on a 407 to a request whose one-shot body already went out. */
  private static ProxyAuthException spentBody(AuthExchange exchange, List<String> challenges) {
    AuthRequest request = exchange.request();
    return exchange.fail(challenges, Reason.PROTOCOL_ERROR, "the proxy answered 407 to "
        + request.method() + " " + request.target() + " after its one-shot request body was"
        + " sent with credentials that had worked before; OkHttp cannot send that body again",
        "retry the call (the proxy's challenge is now known, so the retry probes first), or use"
        + " a replayable request body", null);
  }

  /** Ends the exchange on a CONNECT 407 that OkHttp cannot survive on the same connection. */
  private static ProxyAuthException brokenTunnel(AuthExchange exchange, List<String> challenges,
      String why) {
    AuthRequest request = exchange.request();
    return exchange.fail(challenges, Reason.PROTOCOL_ERROR, "the proxy's 407 to "
        + request.method() + " " + request.target() + " " + why + "; OkHttp would send the next"
        + " CONNECT on that connection and fail", "fix the proxy: a 407 to CONNECT needs a"
        + " Content-Length body on a kept-alive connection, or 'Connection: close' (OkHttp"
        + " ignores 'Proxy-Connection', okhttp#3429)", null);
  }

  /**
   * Returns the request as it went out: for a forwarded request the network response's request
   * carries what the interceptor added (a preemptive header and its tag).
   */
  private static Request sentRequest(Response response) {
    Response network = response.networkResponse();
    return network != null ? network.request() : response.request();
  }

  private static boolean isFakePreemptive(Response response, Request sent) {
    // Only OkHttp's own untagged CONNECT: a proxy sending "OkHttp-Preemptive" gets no reset.
    return ExchangeTag.of(sent).isEmpty() && response.headers("Proxy-Authenticate").stream()
        .anyMatch(v -> v.trim().equalsIgnoreCase(PREEMPTIVE));
  }
}
