package io.github.proxyauth.relay.internal;

import io.github.proxyauth.relay.AccessLogEntry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one client request did, filled in as it goes, for the access log and the counters.
 * Confined to the thread serving the request.
 */
final class RequestLog {
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final InetSocketAddress client;
  private final long fromClientBefore;
  private final long toClientBefore;
  private String method = "-";
  private String target = "-";
  /** The request's target, turned into {@link #target} only for the entry (off the hot path). */
  private @Nullable Target requested;
  private boolean connect;
  private String route = "refused";
  private @Nullable UpstreamProxy hop;
  private String why = "-";
  private Optional<String> scheme = Optional.empty();
  private int status;
  private long tunnelled;
  private Optional<String> failure = Optional.empty();

  RequestLog(InetSocketAddress client, long fromClientBefore, long toClientBefore) {
    this.client = client;
    this.fromClientBefore = fromClientBefore;
    this.toClientBefore = toClientBefore;
  }

  /** Records what was asked for; the target without userinfo, query or fragment. */
  void request(String method, Target target, boolean connect) {
    this.method = method;
    this.requested = target;
    this.connect = connect;
  }

  private static String target(Target target, boolean connect) {
    URI uri = target.uri();
    String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
    String path = connect || uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + host + ":" + target.port() + path;
  }

  void method(String method) {
    this.method = method;
  }

  void route(UpstreamProxy hop, String why) {
    this.hop = hop;
    this.why = why;
  }

  void scheme(Optional<String> scheme) {
    if (scheme.isPresent()) {
      this.scheme = scheme;
    }
  }

  void status(int status) {
    this.status = status;
  }

  int status() {
    return status;
  }

  void failure(String reason) {
    if (failure.isEmpty()) {
      failure = Optional.of(reason);
    }
  }

  /** Adds tunnelled bytes that went to the client past the client stream's counter. */
  void tunnelled(long bytes) {
    tunnelled += bytes;
  }

  AccessLogEntry entry(long fromClient, long toClient) {
    String target = requested == null ? this.target : target(requested, connect);
    String route = hop == null ? this.route
        : hop.direct() ? "DIRECT" : "proxy " + hop.host() + ":" + hop.port();
    return new AccessLogEntry(start, client, method, target, route, why, scheme, status,
        toClient - toClientBefore + tunnelled, fromClient - fromClientBefore,
        (System.nanoTime() - startNanos) / 1_000_000, failure);
  }
}
