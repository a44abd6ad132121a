package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * 500 client connections at once, on bounded threads. Prints what they cost (relay threads, JVM
 * platform threads, heap and file descriptors); asserts no timing.
 */
class LocalProxyScaleTest extends LocalProxyFixture {
  static final int CONNECTIONS = 500;

  @Test
  void servesFiveHundredConcurrentConnectionsMixingTunnelsAndForwarding() throws Exception {
    LocalProxy proxy = started(builder(UPSTREAM_PASSWORD).upstream(ProxySelector.of(null)));
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) { // every request is in flight before any is read
        Socket socket = Wire.connect(proxy.address());
        clients.add(socket);
        Wire.send(socket, i % 2 == 0
            ? Wire.connect("127.0.0.1:" + origin.getPort(), "")
                + "GET /in-tunnel/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            : Wire.get(url("/forwarded/" + i), ""));
      }
      for (int i = 0; i < CONNECTIONS; i++) {
        InputStream in = clients.get(i).getInputStream();
        if (i % 2 == 0) {
          assertThat(Wire.head(in)).as("tunnel %d", i).startsWith("HTTP/1.1 200");
        }
        assertThat(Wire.response(in)).as("request %d", i).startsWith("HTTP/1.1 200")
            .endsWith("hello GET");
      }
      LocalProxy.Stats open = proxy.stats();
      assertThat(open.connectionsOpen()).isEqualTo(CONNECTIONS);
      assertThat(open.threads()).isLessThanOrEqualTo(3L * 1024 + 1);
      report("500 open connections (250 tunnels, 250 keep-alive)", proxy, open);
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
    awaitNoConnections(proxy);
    assertThat(proxy.stats().responsesByStatus()).containsEntry(200, (long) CONNECTIONS);
  }

  @Test
  void measuresFiveHundredIdleTunnels() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket sink = new ServerSocket(0, 2 * CONNECTIONS,
        InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(sink.accept()); // holds the origin side open, reads nothing
          }
        } catch (IOException e) {
          // closed: the test ended
        }
      }, "sink-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      LocalProxy proxy = started(builder(UPSTREAM_PASSWORD).upstream(ProxySelector.of(null)));
      Snapshot before = Snapshot.now();
      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          Socket socket = Wire.connect(proxy.address());
          clients.add(socket);
          Wire.send(socket, Wire.connect("127.0.0.1:" + sink.getLocalPort(), ""));
        }
        for (Socket socket : clients) {
          assertThat(Wire.head(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
        LocalProxy.Stats stats = proxy.stats();
        assertThat(stats.connectionsOpen()).isEqualTo(CONNECTIONS);
        Snapshot after = Snapshot.now();
        System.out.printf(Locale.ROOT, "LocalProxy, %d idle tunnels on JDK %s (%s threads):"
            + " relay threads %d, JVM platform threads +%d, heap +%.1f MiB (%.0f KiB per tunnel),"
            + " file descriptors +%d (%.1f per tunnel)%n", CONNECTIONS,
            Runtime.version().feature(), proxy.virtualThreads() ? "virtual" : "platform",
            stats.threads(), after.threads - before.threads,
            (after.heap - before.heap) / 1048576.0, (after.heap - before.heap) / 1024.0
                / CONNECTIONS, after.fds - before.fds,
            (after.fds - before.fds) / (double) CONNECTIONS);
        assertThat(stats.threads()).isLessThanOrEqualTo(3L * 1024 + 1);
      } finally {
        for (Socket s : clients) {
          s.close();
        }
        for (Socket s : held) {
          s.close();
        }
      }
      awaitNoConnections(proxy);
    }
  }

  private static void report(String what, LocalProxy proxy, LocalProxy.Stats stats) {
    Snapshot now = Snapshot.now();
    System.out.printf(Locale.ROOT, "LocalProxy, %s on JDK %s (%s threads): relay threads %d,"
        + " JVM platform threads %d, heap used %.1f MiB, file descriptors %d%n", what,
        Runtime.version().feature(), proxy.virtualThreads() ? "virtual" : "platform",
        stats.threads(), now.threads, now.heap / 1048576.0, now.fds);
  }

  /** Waits (at most 20 s) for every client connection to end. */
  private static void awaitNoConnections(LocalProxy proxy) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (proxy.stats().connectionsOpen() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(proxy.stats().connectionsOpen()).isZero();
  }

  /** JVM-wide platform threads, heap in use after a GC, open file descriptors. */
  record Snapshot(long threads, long heap, long fds) {
    static Snapshot now() {
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), heap,
          ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getOpenFileDescriptorCount());
    }
  }
}
