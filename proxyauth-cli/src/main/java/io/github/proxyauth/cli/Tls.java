package io.github.proxyauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the clients trust origin certificates: the JDK defaults, the PEM certificates of a file
 * ({@code --cacert}), or anything ({@code --insecure}, which also skips the host name check).
 *
 * @param context the SSL context; empty for the JDK default
 * @param trust the trust manager of {@code context}
 * @param insecure whether host names go unchecked
 */
record Tls(Optional<SSLContext> context, Optional<X509TrustManager> trust, boolean insecure) {
  static final Tls DEFAULT = new Tls(Optional.empty(), Optional.empty(), false);

  static Tls from(CommandLine line) throws ConfigException {
    if (line.flag("--insecure")) {
      return of(new TrustAll(), true);
    }
    Optional<String> cacert = line.value("--cacert");
    return cacert.isPresent() ? trusting(Path.of(cacert.get())) : DEFAULT;
  }

  /** Returns TLS trusting only the certificates in the PEM file {@code file}. */
  static Tls trusting(Path file) throws ConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new ConfigException("--cacert " + file + ": expected PEM certificates, saw none");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate cert : certs) {
        store.setCertificateEntry("ca" + n++, cert);
      }
      return trusting(store);
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("--cacert " + file + ": cannot read certificates: " + e);
    }
  }

  /** Returns TLS trusting the certificates in {@code store}. */
  static Tls trusting(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return of((X509TrustManager) factory.getTrustManagers()[0], false);
  }

  private static Tls of(X509TrustManager trust, boolean insecure) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return new Tls(Optional.of(context), Optional.of(trust), insecure);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS: " + e, e);
    }
  }

  /** Trusts every certificate, and (being an extended manager) checks no host name. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
