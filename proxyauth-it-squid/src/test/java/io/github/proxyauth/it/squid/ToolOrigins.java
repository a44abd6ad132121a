package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;

/**
 * The origins the real clients reach through the local proxy and Squid ({@link OriginServers}).
 * Every URL starts with a case id ({@code /<case>/...}) so a test finds exactly its own requests.
 * {@code POST /<case>/echo} answers {@code echo: <body>}; a GET serves the file at the rest of the
 * path under {@link #root()} (a dumb-HTTP git repository, a Maven repository), 404 when there is
 * none. Records every request. Thread-safe.
 */
final class ToolOrigins extends OriginServers {
  /** One request an origin answered: which origin, the case, method, path after the case, body. */
  record Hit(String origin, String caseId, String method, String path, String body) {
    /** Returns "METHOD path" (plus " body" for a request with one). */
    String line() {
      return method + " " + path + (body.isEmpty() ? "" : " " + body);
    }
  }

  private final Path root;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();

  private ToolOrigins(Path root) {
    this.root = root;
  }

  /** Returns both origins, started, serving files from {@code root}. */
  static ToolOrigins start(Path root) throws IOException {
    ToolOrigins origins = new ToolOrigins(root);
    origins.listen();
    return origins;
  }

  /** Returns the directory GETs are served from. */
  Path root() {
    return root;
  }

  /** Returns {@code <target>://127.0.0.1:port/<caseId><path>}; target is http or https. */
  String url(String target, String caseId, String path) {
    return url(target, "/" + caseId + path);
  }

  /** Returns the requests of {@code caseId}, in arrival order. */
  List<Hit> hits(String caseId) {
    return hits.stream().filter(h -> h.caseId().equals(caseId)).collect(Collectors.toList());
  }

  @Override
  MockResponse answer(String origin, RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    int slash = path.indexOf('/', 1);
    String caseId = slash < 0 ? path.substring(1) : path.substring(1, slash);
    String rest = slash < 0 ? "/" : path.substring(slash);
    ByteString body = request.getBody();
    String text = body == null ? "" : body.string(StandardCharsets.UTF_8);
    hits.add(new Hit(origin, caseId, request.getMethod(), rest, text));
    return serve(request.getMethod(), rest, text);
  }

  private MockResponse serve(String method, String path, String body) {
    if (method.equals("POST") && path.equals("/echo")) {
      return new MockResponse.Builder().code(200).body("echo: " + body).build();
    }
    Path file = root.resolve(path.substring(1)).normalize();
    if (!method.equals("GET") || !file.startsWith(root) || !Files.isRegularFile(file)) {
      return new MockResponse.Builder().code(404).body("no " + method + " " + path).build();
    }
    try {
      return new MockResponse.Builder().code(200)
          .body(new Buffer().write(Files.readAllBytes(file))).build();
    } catch (IOException e) {
      return new MockResponse.Builder().code(500).body("cannot read " + path + ": " + e).build();
    }
  }
}
