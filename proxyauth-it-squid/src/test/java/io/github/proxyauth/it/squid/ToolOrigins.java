package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import okio.ByteString;

/**
 * The origins the real clients reach through the local proxy and Squid: plain HTTP and HTTPS (a
 * self-signed certificate for {@code 127.0.0.1}) on loopback. Every URL starts with a case id
 * ({@code /<case>/...}) so a test finds exactly its own requests. {@code POST /<case>/echo}
 * answers {@code echo: <body>}; a GET serves the file at the rest of the path under {@link #root()}
 * (a dumb-HTTP git repository, a Maven repository), 404 when there is none. Records every request
 * and every {@code Proxy-Authorization} that reached it (credentials must never reach an origin).
 */
final class ToolOrigins implements AutoCloseable {
  static final String TRUSTSTORE_PASSWORD = "changeit";

  /** One request an origin answered: which origin, the case, method, path after the case, body. */
  record Hit(String origin, String caseId, String method, String path, String body) {
    /** Returns "METHOD path" (plus " body" for a request with one). */
    String line() {
      return method + " " + path + (body.isEmpty() ? "" : " " + body);
    }
  }

  private final Path root;
  private final HeldCertificate certificate;
  private final MockWebServer http = new MockWebServer();
  private final MockWebServer https = new MockWebServer();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final List<String> leaks = new CopyOnWriteArrayList<>();

  private ToolOrigins(Path root, HeldCertificate certificate) {
    this.root = root;
    this.certificate = certificate;
  }

  /** Returns both origins, started, serving files from {@code root}. */
  static ToolOrigins start(Path root) throws IOException {
    HeldCertificate cert = new HeldCertificate.Builder().commonName("127.0.0.1")
        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
    ToolOrigins origins = new ToolOrigins(root, cert);
    try {
      origins.http.setDispatcher(origins.dispatcher("http"));
      origins.https.setDispatcher(origins.dispatcher("https"));
      origins.https.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build()
          .sslSocketFactory());
      origins.http.start(InetAddress.getLoopbackAddress(), 0);
      origins.https.start(InetAddress.getLoopbackAddress(), 0);
      return origins;
    } catch (IOException | RuntimeException e) {
      origins.close();
      throw e;
    }
  }

  /** Returns the directory GETs are served from. */
  Path root() {
    return root;
  }

  /** Returns {@code <target>://127.0.0.1:port/<caseId><path>}; target is http or https. */
  String url(String target, String caseId, String path) {
    MockWebServer server = switch (target) {
      case "http" -> http;
      case "https" -> https;
      default -> throw new IllegalArgumentException("Expected http or https but got " + target);
    };
    return target + "://127.0.0.1:" + server.getPort() + "/" + caseId + path;
  }

  /** Returns client certificates that trust the HTTPS origin (and nothing else). */
  HandshakeCertificates clientTrust() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate())
        .build();
  }

  /** Returns {@code file} after writing the origin's certificate to it as PEM. */
  Path writeCaPem(Path file) throws IOException {
    return LabFiles.write(file, certificate.certificatePem(), "rw-r--r--");
  }

  /** Returns {@code file} after writing a PKCS12 truststore with the origin's certificate. */
  Path writeTruststore(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("origin", certificate.certificate());
      store.store(out, TRUSTSTORE_PASSWORD.toCharArray());
      return file;
    } catch (GeneralSecurityException e) {
      throw new IOException("Could not write a PKCS12 truststore to " + file, e);
    }
  }

  /** Returns the requests of {@code caseId}, in arrival order. */
  List<Hit> hits(String caseId) {
    return hits.stream().filter(h -> h.caseId().equals(caseId)).collect(Collectors.toList());
  }

  /** Returns every Proxy-Authorization leak seen by an origin, as "origin request-line". */
  List<String> leaks() {
    return List.copyOf(leaks);
  }

  @Override
  public void close() {
    http.close();
    https.close();
  }

  private Dispatcher dispatcher(String name) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getHeaders().get("Proxy-Authorization") != null) {
          leaks.add(name + " " + request.getRequestLine());
        }
        String path = request.getUrl().encodedPath();
        int slash = path.indexOf('/', 1);
        String caseId = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "/" : path.substring(slash);
        ByteString body = request.getBody();
        String text = body == null ? "" : body.string(StandardCharsets.UTF_8);
        hits.add(new Hit(name, caseId, request.getMethod(), rest, text));
        return answer(request.getMethod(), rest, text);
      }
    };
  }

  private MockResponse answer(String method, String path, String body) {
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
