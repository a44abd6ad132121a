package io.github.proxyauth.okhttp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving proxy on 127.0.0.1 that answers request heads with scripted raw responses (the
 * n-th request gets the n-th response, the last one repeats) and keeps the connection open: an
 * endless, badly framed or changing 407 that the TestProxy does not script.
 */
final class RawProxy implements AutoCloseable {
  /** Request lines and their Proxy-Authorization scheme ("-" when none), in arrival order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();

  private final ServerSocket server;
  private final List<String> responses;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  RawProxy(String... responses) throws IOException {
    this.responses = List.of(responses);
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
  }

  Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP,
        new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        connections.incrementAndGet();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      for (List<String> head = readHead(in); !head.isEmpty(); head = readHead(in)) {
        String auth = head.stream().filter(h -> h.toLowerCase().startsWith("proxy-authorization:"))
            .map(h -> h.substring(20).trim().split(" ")[0]).findFirst().orElse("-");
        String response;
        synchronized (requests) {
          requests.add(head.get(0) + " " + auth);
          response = responses.get(Math.min(requests.size(), responses.size()) - 1);
        }
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static List<String> readHead(BufferedReader in) throws IOException {
    List<String> head = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      head.add(line);
    }
    return head;
  }

  @Override
  public void close() throws Exception {
    server.close();
    sockets.forEach(s -> {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    });
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
