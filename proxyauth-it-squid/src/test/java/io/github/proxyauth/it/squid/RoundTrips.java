package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The round-trip table: for each client, scheme and target, what Squid's access log shows for
 * {@value #REQUESTS} sequential requests on one client. Rewritten to {@code
 * <build dir>/roundtrips.md} after every row so a failing run still leaves what it measured.
 * Thread-safe.
 */
final class RoundTrips {
  static final int REQUESTS = 20;
  private static final List<Row> ROWS = new ArrayList<>();

  private RoundTrips() {}

  /**
   * One measured row.
   *
   * @param client the client ("OkHttp + proxyauth", "curl --proxy-anyauth", ...)
   * @param scheme the Squid port's scheme
   * @param target {@code http} (forwarded GETs) or {@code https} (CONNECT tunnels)
   * @param logged the requests Squid logged that passed (200: GETs, or CONNECTs for https)
   * @param challenges the 407 answers Squid logged
   * @param connections the distinct client connections (source ports)
   */
  record Row(String client, String scheme, String target, int logged, int challenges,
      int connections) {}

  /** Returns the row for {@code entries} (the access log after a mark, on one port). */
  static Row row(String client, SquidPort port, String target, List<AccessEntry> entries) {
    int ok = (int) entries.stream().filter(e -> e.status() == 200).count();
    int challenged = (int) entries.stream().filter(AccessEntry::challenged).count();
    int connections = (int) entries.stream().mapToInt(AccessEntry::clientPort).distinct().count();
    return new Row(client, port.label(), target, ok, challenged, connections);
  }

  /** Adds {@code row} (replacing an earlier row with the same key) and rewrites the file. */
  static synchronized void record(Row row) {
    ROWS.removeIf(r -> r.client().equals(row.client()) && r.scheme().equals(row.scheme())
        && r.target().equals(row.target()));
    ROWS.add(row);
    write();
  }

  /** Returns the build directory ({@code proxyauth.it.out}, default {@code target}). */
  static Path outputDir() {
    return Path.of(System.getProperty("proxyauth.it.out", "target"));
  }

  private static void write() {
    List<Row> sorted = new ArrayList<>(ROWS);
    sorted.sort(Comparator.comparing(Row::client).thenComparing(Row::scheme)
        .thenComparing(Row::target));
    String table = sorted.stream().map(r -> "| " + r.client() + " | " + r.scheme() + " | "
        + r.target() + " | " + r.logged() + " | " + r.challenges() + " | " + r.connections() + " |")
        .collect(Collectors.joining("\n"));
    String text = "# Round trips through Squid 5 for " + REQUESTS + " sequential requests on one "
        + "client\n\nCounted from Squid's access log. http: " + REQUESTS + " forwarded GETs; "
        + "https: " + REQUESTS + " GETs inside CONNECT tunnels (Squid logs each tunnel once). "
        + "Digest nonces expire after " + SquidLab.DIGEST_NONCE_MAX + " uses "
        + "(`nonce_max_count`): Squid announces the next nonce on a forwarded request's last use "
        + "(clients that follow it take no stale renewal), not on a 200 to CONNECT.\n\n"
        + "| client | scheme | target | 200s logged | 407s | connections |\n"
        + "|---|---|---|---|---|---|\n" + table + "\n";
    try {
      Files.createDirectories(outputDir());
      Files.writeString(outputDir().resolve("roundtrips.md"), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
