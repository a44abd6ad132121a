package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The two origin servers behind Squid, on 127.0.0.1: plain HTTP and HTTPS with a self-signed
 * certificate for {@code localhost} and {@code 127.0.0.1}. Both answer every request with 200 and
 * {@link #BODY}, record what they received (method, path, body size), and record any {@code
 * Proxy-Authorization} that reached them (credentials must never reach an origin). Thread-safe.
 */
final class Origins implements AutoCloseable {
  static final String BODY = "hello from the origin";
  static final String TRUSTSTORE_PASSWORD = "changeit";

  private final HeldCertificate certificate;
  private final MockWebServer http = new MockWebServer();
  private final MockWebServer https = new MockWebServer();
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();

  private Origins(HeldCertificate certificate) {
    this.certificate = certificate;
  }

  /** Returns both origins, started. */
  static Origins start() throws IOException {
    HeldCertificate cert = new HeldCertificate.Builder()
        .commonName("localhost")
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName("127.0.0.1")
        .build();
    Origins origins = new Origins(cert);
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

  /** Returns {@code http://127.0.0.1:port/path}. */
  String httpUrl(String path) {
    return "http://127.0.0.1:" + http.getPort() + path;
  }

  /** Returns {@code https://127.0.0.1:port/path}. */
  String httpsUrl(String path) {
    return "https://127.0.0.1:" + https.getPort() + path;
  }

  /** Returns client certificates that trust the HTTPS origin (and nothing else). */
  HandshakeCertificates clientTrust() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate())
        .build();
  }

  /** Returns {@code file} after writing the origin's certificate to it as PEM (for curl). */
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

  /** Returns every Proxy-Authorization leak seen by an origin, as "scheme request-line". */
  List<String> leaks() {
    return List.copyOf(leaks);
  }

  /** Returns every request an origin answered, as "METHOD path body-size", in arrival order. */
  List<String> received() {
    return List.copyOf(received);
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
        received.add(request.getMethod() + " " + request.getUrl().encodedPath() + " "
            + request.getBodySize());
        return new MockResponse.Builder().code(200).body(BODY).build();
      }
    };
  }
}
