package io.github.proxyauth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.proxyauth.discovery.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code serve --admin} endpoint on loopback: {@code /healthz} (200 {@code ready} or 503 with
 * the failing check), {@code /metrics} (Prometheus text 0.0.4) and {@code /explain?url=URL} (the
 * route and why; JSON with {@code format=json} or {@code Accept: application/json}). Other paths
 * get 404, other methods than GET and HEAD 405. Answers never contain a secret.
 */
final class Admin implements AutoCloseable {
  /** What the endpoint shows. */
  interface Source {
    Health.Verdict health();

    String metrics();

    /** Returns the route of {@code uri}; IllegalArgumentException when a source is malformed. */
    Route explain(URI uri);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread thread = new Thread(r, "proxyauth-serve-admin");
    thread.setDaemon(true);
    return thread;
  });
  private final Source source;

  private Admin(HttpServer server, Source source) {
    this.server = server;
    this.source = source;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Returns the endpoint, listening on {@code address} now. */
  static Admin start(InetSocketAddress address, Source source) throws IOException {
    return new Admin(HttpServer.create(address, 16), source);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "expected GET or HEAD but saw "
            + method + "\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> healthz(exchange);
        case "/metrics" -> send(exchange, 200, Prometheus.CONTENT_TYPE, source.metrics());
        case "/explain" -> explain(exchange);
        default -> send(exchange, 404, "text/plain; charset=utf-8",
            "not found: expected /healthz, /metrics or /explain?url=URL\n");
      }
    }
  }

  private void healthz(HttpExchange exchange) throws IOException {
    Health.Verdict verdict = source.health();
    send(exchange, verdict.ready() ? 200 : 503, "text/plain; charset=utf-8", verdict.text());
  }

  private void explain(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String text = "text/plain; charset=utf-8";
    Optional<String> url = Optional.ofNullable(query.get("url"));
    if (url.isEmpty()) {
      send(exchange, 400, text, "expected /explain?url=URL (URL percent-encoded)\n");
      return;
    }
    Route route;
    try {
      route = source.explain(Urls.parse(url.get(), "explain"));
    } catch (UsageException | IllegalArgumentException e) {
      send(exchange, 400, text, e.getMessage() + "\n");
      return;
    }
    boolean json = "json".equals(query.get("format")) || Optional.ofNullable(
        exchange.getRequestHeaders().getFirst("Accept")).orElse("").contains("application/json");
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("target", route.target().toString());
      out.putAll(DoctorJson.route(route));
      send(exchange, 200, "application/json", Json.write(out) + "\n");
    } else {
      send(exchange, 200, text, route.explanation() + "\n");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the parameter is ignored, so url= reads as missing
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
