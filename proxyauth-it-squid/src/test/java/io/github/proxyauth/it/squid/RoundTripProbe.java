package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measures one client's round trips: the URLs for {@link RoundTrips#REQUESTS} requests, and the
 * access-log entries they caused on one Squid port once the log has caught up with the client.
 */
final class RoundTripProbe {
  static final Duration LOG_TIMEOUT = Duration.ofSeconds(20);
  private static final AtomicInteger SENTINELS = new AtomicInteger();

  private final SquidLab lab;
  private final SquidPort port;
  private final String target;
  private final int mark;

  private RoundTripProbe(SquidLab lab, SquidPort port, String target) {
    this.lab = lab;
    this.port = port;
    this.target = target;
    this.mark = lab.accessLog().mark();
  }

  /** Returns a probe whose log mark is now; {@code target} is "http" or "https". */
  static RoundTripProbe start(SquidLab lab, SquidPort port, String target) {
    if (!target.equals("http") && !target.equals("https")) {
      throw new IllegalArgumentException("Expected target http or https but got " + target);
    }
    return new RoundTripProbe(lab, port, target);
  }

  /** Returns {@link RoundTrips#REQUESTS} distinct URLs on the target origin under {@code path}. */
  List<String> urls(String path) {
    return IntStream.rangeClosed(1, RoundTrips.REQUESTS)
        .mapToObj(i -> url(path + "/" + i)).collect(Collectors.toList());
  }

  /** Returns one URL on the target origin. */
  String url(String path) {
    return target.equals("http") ? lab.origins().httpUrl(path) : lab.origins().httpsUrl(path);
  }

  /**
   * Returns this port's entries since the mark once they show every success the client saw:
   * {@code succeeded} GETs for http, at least one tunnel for https (closed clients only).
   */
  List<AccessEntry> entries(long succeeded) throws IOException {
    long expected = target.equals("http") ? succeeded : Math.min(1, succeeded);
    lab.accessLog().await(mark, e -> onPort(e).stream()
        .filter(x -> x.status() == 200).count() >= expected, LOG_TIMEOUT);
    // Squid logs a tunnel when it sees the close; its event loop has handled the closes of the
    // (finished) client before it answers a request that arrives later on another connection.
    String sentinel = "/sentinel/" + SENTINELS.incrementAndGet();
    sendThroughOpenPort(sentinel);
    return onPort(lab.accessLog().await(mark,
        e -> e.stream().anyMatch(x -> x.url().endsWith(sentinel)), LOG_TIMEOUT));
  }

  /** Returns the round-trip row for {@code client}, recorded in the table. */
  RoundTrips.Row record(String client, List<AccessEntry> entries) {
    RoundTrips.Row row = RoundTrips.row(client, port, target, entries);
    RoundTrips.record(row);
    return row;
  }

  private void sendThroughOpenPort(String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          lab.port(SquidPort.OPEN)), 5_000);
      socket.setSoTimeout(10_000);
      String url = lab.origins().httpUrl(path);
      socket.getOutputStream().write(("GET " + url + " HTTP/1.1\r\nHost: "
          + URI.create(url).getAuthority() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    }
  }

  private List<AccessEntry> onPort(List<AccessEntry> entries) {
    return entries.stream().filter(e -> e.proxyPort() == lab.port(port))
        .collect(Collectors.toList());
  }
}
