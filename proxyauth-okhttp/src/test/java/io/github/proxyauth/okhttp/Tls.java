package io.github.proxyauth.okhttp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** One self-signed certificate for 127.0.0.1 and localhost, trusted by the test clients. */
final class Tls {
  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
  private static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(CERTIFICATE).build();
  private static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERTIFICATE.certificate()).build();

  private Tls() {}

  static SSLContext serverContext() {
    return SERVER.sslContext();
  }

  static SSLSocketFactory serverSocketFactory() {
    return SERVER.sslSocketFactory();
  }

  /** Returns {@code builder} trusting the test certificate. */
  static OkHttpClient.Builder trusting(OkHttpClient.Builder builder) {
    X509TrustManager trust = CLIENT.trustManager();
    return builder.sslSocketFactory(CLIENT.sslSocketFactory(), trust);
  }
}
