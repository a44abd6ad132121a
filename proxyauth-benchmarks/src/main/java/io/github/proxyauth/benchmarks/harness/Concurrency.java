package io.github.proxyauth.benchmarks.harness;

import io.github.proxyauth.internal.http.Bodies;
import io.github.proxyauth.internal.http.Framing;
import io.github.proxyauth.internal.http.Head;
import io.github.proxyauth.internal.http.HeadReader;
import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code n} client connections open at once through a local proxy, half of them forwarded GETs
 * and half CONNECT tunnels with a GET inside, every request in flight before the first answer is
 * read; one client thread, so every thread, descriptor and byte of heap that appears belongs to
 * the proxy (the client's own sockets are subtracted). Measured while all connections are open
 * and answered: threads, file descriptors ({@code /proc/<pid>/fd}) and heap (in-process: used
 * heap after GC; another process such as cntlm: resident set), each per connection. Keys {@code
 * conc.<name>.*}.
 */
final class Concurrency {
  private final Properties out;

  Concurrency(Properties out) {
    this.out = out;
  }

  /** What a process uses now. */
  record Usage(long threads, long fds, long bytes) {}

  /**
   * Measures {@code n} connections to {@code proxy} reaching 127.0.0.1:{@code originPort}; {@code
   * pid} is the proxy's process ({@code ProcessHandle.current()} for an in-process one).
   */
  void measure(String name, InetSocketAddress proxy, int originPort, int n, long pid)
      throws Exception {
    boolean self = pid == ProcessHandle.current().pid();
    Usage before = usage(pid, self);
    List<Socket> sockets = new ArrayList<>();
    int failures = 0;
    long start = System.nanoTime();
    try {
      for (int i = 0; i < n; i++) {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(proxy, 30_000);
        s.setSoTimeout(60_000);
        write(s, i % 2 == 0 ? get("http://127.0.0.1:" + originPort + "/small")
            : "CONNECT 127.0.0.1:" + originPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + originPort
                + "\r\n\r\n");
      }
      List<InputStream> ins = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        InputStream in = new BufferedInputStream(sockets.get(i).getInputStream());
        ins.add(in);
        if (i % 2 == 1) {
          int status = status(in, "CONNECT");
          if (status == 200) {
            write(sockets.get(i), "GET /small HTTP/1.1\r\nHost: 127.0.0.1:" + originPort
                + "\r\n\r\n");
          } else {
            failures++;
            ins.set(i, InputStream.nullInputStream());
          }
        }
      }
      for (int i = 0; i < n; i++) {
        if (ins.get(i) != InputStream.nullInputStream() && status(ins.get(i), "GET") != 200) {
          failures++;
        }
      }
      long elapsed = System.nanoTime() - start;
      Usage during = usage(pid, self);
      String k = "conc." + name;
      out.setProperty(k + ".connections", Integer.toString(n));
      out.setProperty(k + ".failures", Integer.toString(failures));
      out.setProperty(k + ".seconds", String.format(java.util.Locale.ROOT, "%.2f", elapsed / 1e9));
      out.setProperty(k + ".threads.before", Long.toString(before.threads()));
      out.setProperty(k + ".threads.during", Long.toString(during.threads()));
      out.setProperty(k + ".threads.per", per(during.threads() - before.threads(), n));
      long clientFds = self ? n : 0;
      out.setProperty(k + ".fds.per", per(during.fds() - before.fds() - clientFds, n));
      out.setProperty(k + ".bytes.per", per(during.bytes() - before.bytes(), n));
      out.setProperty(k + ".memory", self ? "heap" : "rss");
      System.out.println("concurrency " + name + ": " + n + " connections, " + failures
          + " failures, threads " + before.threads() + " -> " + during.threads() + ", fds "
          + before.fds() + " -> " + during.fds() + " (" + clientFds + " of them the client's), "
          + (self ? "heap " : "rss ") + before.bytes() + " -> " + during.bytes());
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private static String get(String url) {
    return "GET " + url + " HTTP/1.1\r\nHost: " + url.substring(7, url.indexOf('/', 7))
        + "\r\n\r\n";
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static int status(InputStream in, String method) throws IOException {
    Optional<Head> head = HeadReader.read(in, Side.RESPONSE);
    if (head.isEmpty()) {
      return -1;
    }
    int status = head.get().status();
    if (!method.equals("CONNECT") || status != 200) {
      Bodies.drain(in, Framing.ofResponse(head.get(), method, status), 1 << 20);
    }
    return status;
  }

  private static String per(long delta, int n) {
    return String.format(java.util.Locale.ROOT, "%.2f", delta / (double) n);
  }

  private static Usage usage(long pid, boolean self) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    long fds;
    try (Stream<Path> list = Files.list(proc.resolve("fd"))) {
      fds = list.count();
    }
    long threads = 0;
    long rssKb = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.substring(8).trim());
      } else if (line.startsWith("VmRSS:")) {
        rssKb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    if (self) {
      return new Usage(ManagementFactory.getThreadMXBean().getThreadCount(), fds,
          Heap.usedAfterGc());
    }
    return new Usage(threads, fds, rssKb * 1024);
  }
}
