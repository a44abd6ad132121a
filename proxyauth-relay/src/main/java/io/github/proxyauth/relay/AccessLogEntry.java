package io.github.proxyauth.relay;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a {@link LocalProxy}'s access log: one forwarded request or one {@code CONNECT}
 * tunnel, whatever its outcome (including the proxy's own 400, 403, 407, 502, 503 and 504
 * answers). Never holds a secret: no query string, no header value, no credential.
 *
 * @param start when the request head had arrived
 * @param client the client's address and port
 * @param method the request method ({@code GET}, {@code CONNECT}), {@code "-"} when the request
 *     line could not be parsed
 * @param target {@code https://host:port} for a {@code CONNECT host:port},
 *     {@code http://host:port/path} (without query or userinfo) for a forwarded request,
 *     {@code "-"} when unparseable
 * @param route the next hop that served it: {@code "proxy host:port"} or {@code "DIRECT"} (after
 *     a failover, the hop that was used last); {@code "refused"} when the local proxy answered
 *     before choosing one
 * @param why why that route: the {@code Route.Source} name and explanation when the upstream
 *     selector is a {@code ProxyDiscovery}, {@code "selector"} for another selector, {@code "-"}
 *     when no route was chosen
 * @param scheme the upstream authentication scheme used ({@code "ntlm"}, {@code "basic"}...),
 *     empty when none was needed or it failed before one was chosen
 * @param status the status sent to the client ({@code 200} for an established tunnel), {@code 0}
 *     when the client got no answer (it went away first)
 * @param bytesToClient bytes sent to the client, heads included (both directions of a tunnel are
 *     counted)
 * @param bytesFromClient bytes received from the client, heads included
 * @param millis from {@code start} to the end of the response (of the tunnel for a CONNECT)
 * @param failure why it failed, when it did: a {@code Diagnosis.Reason} name for an upstream
 *     authentication failure ({@code "BAD_CREDENTIALS"}), else one of {@code "unreachable"},
 *     {@code "timeout"}, {@code "bad-request"}, {@code "bad-gateway"},
 *     {@code "upstream-protocol"}, {@code "local-credential"}, {@code "forbidden"},
 *     {@code "limit"}, {@code "client-closed"}, {@code "tls-on-plain-port"} (a client spoke TLS
 *     to the plain HTTP port: its proxy URL says {@code https://} where {@code http://} belongs)
 */
public record AccessLogEntry(Instant start, InetSocketAddress client, String method,
    String target, String route, String why, Optional<String> scheme, int status,
    long bytesToClient, long bytesFromClient, long millis, Optional<String> failure) {

  /** Rejects nulls. */
  public AccessLogEntry {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(failure, "failure");
  }
}
