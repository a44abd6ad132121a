package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.spi.MalformedChallengeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The diagnoses of failures that the adapter detects itself, in the engine's format. */
final class Failures {
  private Failures() {}

  /** Returns the failure for a call whose handshake went past the adapter's own cap. */
  static ProxyAuthException tooManyLegs(AuthExchange exchange, List<String> challenges, int legs) {
    return failure(Reason.TOO_MANY_ATTEMPTS, exchange, challenges,
        "the proxy answered 407 to " + legs + " authenticated requests of one call",
        "check the proxy's access rules for this user; a proxy that never accepts is"
            + " misconfigured");
  }

  /** Returns the failure for a CONNECT 407 that OkHttp cannot survive on the same connection. */
  static ProxyAuthException brokenTunnel(AuthExchange exchange, List<String> challenges,
      String why) {
    AuthRequest request = exchange.request();
    return failure(Reason.PROTOCOL_ERROR, exchange, challenges,
        "the proxy's 407 to " + request.method() + " " + request.target() + " " + why
            + "; OkHttp would send the next CONNECT on that connection and fail",
        "fix the proxy: a 407 to CONNECT needs a Content-Length body on a kept-alive connection,"
            + " or 'Connection: close' (OkHttp ignores 'Proxy-Connection', okhttp#3429)");
  }

  private static ProxyAuthException failure(Reason reason, AuthExchange exchange,
      List<String> challenges, String detail, String fix) {
    Diagnosis diagnosis = new Diagnosis(exchange.request().proxy(), reason, offered(challenges),
        exchange.scheme(), exchange.history(), detail, fix);
    return new ProxyAuthException(diagnosis);
  }

  private static List<String> offered(List<String> values) {
    List<String> schemes = new ArrayList<>();
    for (String value : values) {
      try {
        Challenge.parse(value).stream().map(Challenge::scheme)
            .map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !schemes.contains(s))
            .forEach(schemes::add);
      } catch (MalformedChallengeException e) {
        // The engine reports malformed values; the diagnosis lists what could be read.
      }
    }
    return schemes;
  }
}
