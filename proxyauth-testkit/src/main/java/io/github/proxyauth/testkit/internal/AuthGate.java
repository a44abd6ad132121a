package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether one request may pass. Basic and Digest must authenticate every request; NTLM,
 * and Negotiate unless configured per request, authenticate the TCP connection (as Squid does), so
 * later requests on it pass without a header.
 */
final class AuthGate {
  private static final System.Logger LOG = System.getLogger(AuthGate.class.getName());
  private static final String USER = "testproxy.user";

  /**
   * The decision. {@code challenges} are the Proxy-Authenticate values to send: those of the 407
   * when not passing, or a final Negotiate token for the success response; {@code
   * authenticationInfo} the Proxy-Authentication-Info values of a forwarded request's success
   * response (a Digest nextnonce), as Squid sends them (never on a 200 to CONNECT).
   */
  record Decision(boolean pass, Auth auth, Optional<String> user, List<String> challenges,
      List<String> authenticationInfo) {
    Decision(boolean pass, Auth auth, Optional<String> user, List<String> challenges) {
      this(pass, auth, user, challenges, List.of());
    }

    /** Returns the header lines, CRLF-terminated, that a forwarded success response adds. */
    String forwardedHeaders() {
      StringBuilder lines = new StringBuilder();
      challenges.forEach(v -> lines.append("Proxy-Authenticate: ").append(v).append("\r\n"));
      authenticationInfo.forEach(v -> lines.append("Proxy-Authentication-Info: ").append(v)
          .append("\r\n"));
      return lines.toString();
    }
  }

  private final List<ServerScheme> schemes;

  AuthGate(List<ServerScheme> schemes) {
    this.schemes = List.copyOf(schemes);
  }

  Decision decide(RequestLine line, HttpHead head, RequestBody body, ServerConnection connection,
      Set<Fault> faults) throws IOException {
    if (schemes.isEmpty()) {
      return new Decision(true, Auth.NOT_REQUIRED, Optional.empty(), List.of());
    }
    Optional<String> authorization = head.header("Proxy-Authorization");
    Optional<String> bound = Optional.ofNullable((String) connection.attributes().get(USER));
    if (authorization.isEmpty()) {
      return bound.isPresent() && !faults.contains(Fault.ENDLESS_407)
          ? new Decision(true, Auth.CONNECTION_AUTHENTICATED, bound, List.of())
          : fresh(Auth.MISSING, connection);
    }
    String value = authorization.get().trim();
    int space = value.indexOf(' ');
    String name = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
    String credentials = space < 0 ? "" : value.substring(space + 1).trim();
    Optional<ServerScheme> scheme = schemes.stream().filter(s -> s.name().equals(name)).findFirst();
    if (scheme.isEmpty()) {
      return fresh(Auth.REJECTED, connection);
    }
    ServerRequest request = new ServerRequest(line.method(), line.target());
    Verdict verdict = scheme.get().needsBody(credentials)
        ? scheme.get().verify(credentials, request, body.read(), connection)
        : scheme.get().verify(credentials, request, connection);
    Decision decision = apply(verdict, scheme.get(), connection, faults);
    Optional<Decision> hostile = HostileNegotiate.replace(decision, scheme.get(), faults);
    if (hostile.isPresent()) {
      connection.attributes().remove(USER);
      return hostile.get();
    }
    return decision;
  }

  private Decision apply(Verdict verdict, ServerScheme scheme, ServerConnection connection,
      Set<Fault> faults) {
    if (verdict instanceof Verdict.Continue) {
      String next = ((Verdict.Continue) verdict).proxyAuthenticate();
      return new Decision(false, Auth.CONTINUED, Optional.empty(), List.of(next));
    }
    if (verdict instanceof Verdict.Accepted && !faults.contains(Fault.ENDLESS_407)) {
      String user = ((Verdict.Accepted) verdict).user();
      if (scheme.connectionBound()) {
        connection.attributes().put(USER, user);
      }
      return new Decision(true, Auth.ACCEPTED, Optional.of(user), mutual(scheme, connection),
          ((Verdict.Accepted) verdict).authenticationInfo().stream().collect(Collectors.toList()));
    }
    if (verdict instanceof Verdict.Rejected) {
      LOG.log(System.Logger.Level.DEBUG, "Connection {0}: {1}", connection.id(),
          ((Verdict.Rejected) verdict).reason());
    }
    connection.attributes().remove(USER);
    return fresh(Auth.REJECTED, connection);
  }

  /** Returns Negotiate's final (mutual authentication) token for the success response, if any. */
  private static List<String> mutual(ServerScheme scheme, ServerConnection connection) {
    if (scheme instanceof NegotiateServerScheme) {
      return ((NegotiateServerScheme) scheme).finalToken(connection).stream()
          .collect(Collectors.toList());
    }
    return List.of();
  }

  private Decision fresh(Auth auth, ServerConnection connection) {
    List<String> challenges =
        schemes.stream().map(s -> s.challenge(connection)).collect(Collectors.toList());
    return new Decision(false, auth, Optional.empty(), challenges);
  }
}
