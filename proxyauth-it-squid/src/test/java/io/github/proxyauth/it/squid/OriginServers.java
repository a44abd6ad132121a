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
 * Two origin servers on 127.0.0.1, "http" (plain) and "https" (a self-signed certificate for
 * {@code localhost} and {@code 127.0.0.1}), answering with {@link #answer}. Records every
 * {@code Proxy-Authorization} that reached them (credentials must never reach an origin), and
 * gives clients the certificate to trust: as {@link HandshakeCertificates}, a PEM file or a
 * PKCS12 truststore. Thread-safe.
 */
abstract class OriginServers implements AutoCloseable {
  static final String TRUSTSTORE_PASSWORD = "changeit";

  private final HeldCertificate certificate = new HeldCertificate.Builder()
      .commonName("localhost")
      .addSubjectAlternativeName("localhost")
      .addSubjectAlternativeName("127.0.0.1")
      .build();
  private final MockWebServer http = new MockWebServer();
  private final MockWebServer https = new MockWebServer();
  private final List<String> leaks = new CopyOnWriteArrayList<>();

  /** Returns what the {@code origin} ("http" or "https") answers to {@code request}. */
  abstract MockResponse answer(String origin, RecordedRequest request);

  /** Starts both servers on free loopback ports; closes them when one cannot start. */
  final void listen() throws IOException {
    try {
      http.setDispatcher(dispatcher("http"));
      https.setDispatcher(dispatcher("https"));
      https.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
          .sslSocketFactory());
      http.start(InetAddress.getLoopbackAddress(), 0);
      https.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Returns {@code <origin>://127.0.0.1:port<path>}; origin is http or https. */
  final String url(String origin, String path) {
    MockWebServer server = switch (origin) {
      case "http" -> http;
      case "https" -> https;
      default -> throw new IllegalArgumentException("Expected http or https but got " + origin);
    };
    return origin + "://127.0.0.1:" + server.getPort() + path;
  }

  /** Returns client certificates that trust the HTTPS origin (and nothing else). */
  final HandshakeCertificates clientTrust() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate())
        .build();
  }

  /** Returns {@code file} after writing the origin's certificate to it as PEM (for curl). */
  final Path writeCaPem(Path file) throws IOException {
    return LabFiles.write(file, certificate.certificatePem(), "rw-r--r--");
  }

  /** Returns {@code file} after writing a PKCS12 truststore with the origin's certificate. */
  final Path writeTruststore(Path file) throws IOException {
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

  /** Returns every Proxy-Authorization leak seen by an origin, as "origin request-line". */
  final List<String> leaks() {
    return List.copyOf(leaks);
  }

  @Override
  public final void close() {
    http.close();
    https.close();
  }

  private Dispatcher dispatcher(String origin) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getHeaders().get("Proxy-Authorization") != null) {
          leaks.add(origin + " " + request.getRequestLine());
        }
        return answer(origin, request);
      }
    };
  }
}
