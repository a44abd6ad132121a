package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.Origins;
import io.github.proxyauth.benchmarks.support.ProxyAt;
import io.github.proxyauth.benchmarks.support.RawTunnel;
import io.github.proxyauth.it.squid.SquidBench;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.relay.LocalProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's cost in front of the real Squid, in one JVM with one lab, for a quick repeatable
 * before/after: {@code RelayCost [smallSeconds] [bulkRounds] [repeats] [parts]}. Each repeat
 * interleaves small GETs with the JDK client straight to Squid's open port ({@code direct}),
 * through a {@link LocalProxy} in front of that port ({@code local}) and through
 * proxyauth-jdkhttp's client ({@code jdkhttp}, the same relay code), then 100 MiB CONNECT
 * downloads direct and through the local proxy, and prints p50/p90, the p50 the relay adds, the
 * requests/s ratio and the tunnel's throughput ratio; {@code tcpfwd} is a bare TCP forwarder to
 * Squid, the floor of any relay that adds two loopback hops ({@link TcpForwarder}). Repeats show the spread on a shared machine.
 * {@code parts}: {@code small}, {@code bulk} or both (default). Same harness code as
 * {@link SquidRelay} ({@link Interleaved}: shuffled rounds, warm-up not recorded).
 */
public final class RelayCost {
  private RelayCost() {}

  /** Runs the measurement and prints one summary block per repeat. */
  public static void main(String[] args) throws Exception {
    int smallSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int bulkRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String parts = args.length > 3 ? args[3] : "small,bulk";
    Path squid = Path.of(System.getProperty("proxyauth.squid", "/usr/sbin/squid"));
    Path logs = Files.createTempDirectory("relaycost-squid-logs");
    try (SquidBench lab = SquidBench.start(squid, logs);
        Origins origins = Origins.start();
        LocalProxy local = LocalProxy.builder(lab.engine("open"))
            .upstream(ProxySelector.of(lab.proxy("open")))
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        ProxyAuthHttpClient jdkhttp = Clients.jdkhttp(new ProxyAt(lab.proxy("open"), origins),
            lab.engine("open"));
        TcpForwarder floor = TcpForwarder.start(lab.proxy("open"))) {
      for (int r = 1; r <= repeats; r++) {
        System.out.printf("== repeat %d/%d (load %s)%n", r, repeats, load());
        if (parts.contains("small")) {
          small(lab, origins, local, jdkhttp, floor, smallSeconds);
        }
        if (parts.contains("bulk")) {
          bulk(lab, origins, local, bulkRounds);
        }
      }
    }
    System.exit(0);
  }

  private static void small(SquidBench lab, Origins origins, LocalProxy local,
      ProxyAuthHttpClient jdkhttp, TcpForwarder floor, int seconds) throws Exception {
    URI uri = Clients.small(new ProxyAt(lab.proxy("open"), origins));
    HttpClient direct = Clients.jdkDirect(new ProxyAt(lab.proxy("open"), origins));
    HttpClient viaLocal = Clients.jdkDirect(new ProxyAt(local.address(), origins));
    HttpClient viaFloor = Clients.jdkDirect(new ProxyAt(floor.address(), origins));
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    ops.put("direct", () -> body(Clients.get(direct, uri)));
    ops.put("local", () -> body(Clients.get(viaLocal, uri)));
    ops.put("jdkhttp", () -> body(Clients.get(jdkhttp, uri)));
    ops.put("tcpfwd", () -> body(Clients.get(viaFloor, uri)));
    Interleaved.forDuration(ops, Duration.ofSeconds(3), Duration.ZERO); // warm-up only
    long cpu = cpuNanos("proxyauth-relay-");
    long floorCpu = cpuNanos("tcpfwd-");
    Map<String, Interleaved.Timings> t = Interleaved.forDuration(ops, Duration.ZERO,
        Duration.ofSeconds(seconds));
    cpu = cpuNanos("proxyauth-relay-") - cpu;
    floorCpu = cpuNanos("tcpfwd-") - floorCpu;
    Interleaved.Timings base = t.get("direct");
    System.out.printf(Locale.ROOT, "small CPU per request: relay threads %.1f us, tcpfwd threads"
        + " %.1f us%n", cpu / 1e3 / (t.get("local").nanos().length
        + t.get("jdkhttp").nanos().length), floorCpu / 1e3 / t.get("tcpfwd").nanos().length);
    t.forEach((name, timings) -> {
      String vs = name.equals("direct") ? "" : String.format(Locale.ROOT,
          "  p50 +%.1f%%  req/s ratio %.3f", 100 * (timings.percentileMicros(50)
              / base.percentileMicros(50) - 1), base.meanMicros() / timings.meanMicros());
      System.out.printf(Locale.ROOT, "small %-8s n=%6d p50 %6.0f us p90 %6.0f us mean %6.0f us%s%n",
          name, timings.nanos().length, timings.percentileMicros(50),
          timings.percentileMicros(90), timings.meanMicros(), vs);
    });
  }

  private static void bulk(SquidBench lab, Origins origins, LocalProxy local, int rounds)
      throws Exception {
    long bytes = SquidRelay.BULK_MIB * 1024L * 1024L;
    Map<String, InetSocketAddress> proxies = new LinkedHashMap<>();
    proxies.put("direct", lab.proxy("open"));
    proxies.put("local", local.address());
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    proxies.forEach((name, address) -> ops.put(name, () -> {
      long got = RawTunnel.download(address, origins.rawPort(), bytes, Optional.empty());
      if (got != bytes) {
        throw new IOException("Expected " + bytes + " bytes through " + name + " but got " + got);
      }
    }));
    Interleaved.forRounds(ops, 1, 0); // warm-up only
    long cpu = cpuNanos("proxyauth-relay-");
    Map<String, Interleaved.Timings> t = Interleaved.forRounds(ops, 0, rounds);
    cpu = cpuNanos("proxyauth-relay-") - cpu;
    double base = t.get("direct").percentileMicros(50);
    System.out.printf(Locale.ROOT, "bulk  relay threads' CPU %.2f ms per tunnelled MiB%n",
        cpu / 1e6 / (SquidRelay.BULK_MIB * (double) rounds));
    t.forEach((name, timings) -> System.out.printf(Locale.ROOT,
        "bulk  %-8s n=%d median %5.0f ms (%4.0f MiB/s) min %5.0f ms%s%n", name,
        timings.nanos().length, timings.percentileMicros(50) / 1e3,
        SquidRelay.BULK_MIB / (timings.percentileMicros(50) / 1e6), timings.nanos()[0] / 1e6,
        name.equals("direct") ? "" : String.format(Locale.ROOT, "  throughput ratio %.3f",
            base / timings.percentileMicros(50))));
  }

  /**
   * Returns the CPU time of the threads alive now whose name starts with {@code prefix} (both
   * relays': {@code proxyauth-relay-}); a connection's thread lives as long as its keep-alive
   * connection, so the difference over a phase is what they spent on it, kernel time included.
   */
  private static long cpuNanos(String prefix) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /**
   * The floor of any in-process relay with a thread per connection and blocking sockets: a bare
   * TCP forwarder to Squid (a thread per direction, one read and one write per segment, no HTTP
   * at all), row {@code tcpfwd}. It pays the two extra loopback hops (a write, a wake-up and a
   * read each way) that the relay pays too, and nothing else.
   */
  static final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;

    private TcpForwarder(InetSocketAddress upstream) throws IOException {
      this.upstream = upstream;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "tcpfwd-accept");
      accept.setDaemon(true);
      accept.start();
    }

    static TcpForwarder start(InetSocketAddress upstream) throws IOException {
      return new TcpForwarder(upstream);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket squid = new Socket();
          squid.connect(upstream, 10_000);
          client.setTcpNoDelay(true);
          squid.setTcpNoDelay(true);
          pipe(client, squid);
          pipe(squid, client);
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private static void pipe(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
          }
        } catch (IOException e) {
          // one side went away: both close
        }
      }, "tcpfwd-pipe");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void body(String body) throws IOException {
    if (!body.equals(Origins.SMALL_BODY)) {
      throw new IOException("Expected the small body but got " + body.length() + " characters");
    }
  }
}
