package io.github.proxyauth.okhttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An origin server on 127.0.0.1 (the JDK's HttpServer, so it runs with OkHttp 4 and 5 alike):
 * answers every path with 200 "hello from PATH", except the paths given a scripted answer, and
 * records the headers and body size of every request.
 */
final class Origin implements AutoCloseable {
  /**
   * A scripted answer: status, extra headers, body; with a {@code pause}, the first half of the
   * body goes out at once and the rest after the pause (a slow body).
   */
  record Answer(int code, Map<String, String> headers, String body, Duration pause) {
    Answer(int code, Map<String, String> headers, String body) {
      this(code, headers, body, Duration.ZERO);
    }
  }

  /** One request as the origin saw it. */
  record Seen(String method, String path, Headers headers, long bodyBytes) {
    boolean hasProxyAuthorization() {
      return headers.containsKey("Proxy-Authorization");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Answer> answers;
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  private Origin(boolean tls, Map<String, Answer> answers) throws IOException {
    this.answers = Map.copyOf(answers);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls) {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext()));
      server = https;
    } else {
      server = HttpServer.create(address, 64);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static Origin http(Map<String, Answer> answers) throws IOException {
    return new Origin(false, answers);
  }

  static Origin http() throws IOException {
    return http(Map.of());
  }

  static Origin https(Map<String, Answer> answers) throws IOException {
    return new Origin(true, answers);
  }

  static Origin https() throws IOException {
    return https(Map.of());
  }

  /** Returns the URL of {@code path} on host 127.0.0.1 (or {@code host}, also loopback). */
  String url(String host, String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://" + host + ":" + server.getAddress().getPort() + path;
  }

  String url(String path) {
    return url("127.0.0.1", path);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    long bodyBytes = exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), bodyBytes));
    Answer answer = answers.getOrDefault(path, new Answer(200, Map.of(), "hello from " + path));
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.code(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (answer.pause().isZero()) {
        out.write(body);
        return;
      }
      out.write(body, 0, body.length / 2);
      out.flush();
      LockSupport.parkNanos(answer.pause().toNanos()); // a slow body's pace, not a synchronisation
      out.write(body, body.length / 2, body.length - body.length / 2);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
