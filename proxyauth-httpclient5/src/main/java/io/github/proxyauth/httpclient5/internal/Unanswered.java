package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.util.List;
import org.apache.hc.core5.http.HttpResponse;

/**
 * The diagnosis of a proxy's 407 that HttpClient returned without asking the engine: challenges
 * its own parser rejected, or a request body it cannot send twice. The engine reads the
 * challenges itself and says what it would have done.
 */
final class Unanswered {
  private Unanswered() {}

  static ProxyAuthException diagnose(ProxyAuthenticator engine, AuthRequest facts,
      HttpResponse response) {
    List<String> challenges = Facts.challenges(response);
    AuthExchange exchange = engine.newExchange(facts);
    try {
      exchange.respond(challenges);
    } catch (ProxyAuthException e) {
      return e; // malformed, nothing usable, backed off: the engine's own diagnosis
    }
    String scheme = exchange.scheme().orElse("?");
    return exchange.fail(challenges, Reason.PROTOCOL_ERROR, "HttpClient 5 returned the proxy's"
        + " 407 to " + facts.method() + " " + facts.target() + " without sending the " + scheme
        + " answer (its own challenge parser rejected the field, or the request body cannot be"
        + " repeated)", "send a repeatable request entity (or authenticate with a body-less"
        + " request first), and check the proxy's Proxy-Authenticate fields", null);
  }
}
