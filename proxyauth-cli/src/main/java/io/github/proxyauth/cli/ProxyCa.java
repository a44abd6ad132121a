package io.github.proxyauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust for https proxies ({@code --proxy-ca FILE}, config key {@code proxy-ca}): the PEM
 * certificates of FILE plus the JDK's default CAs. Without the option the relay uses the JDK's
 * defaults alone. A file that holds no certificate is refused, saying what it holds (PEM labels
 * or a size, never its text: it might be a password file given by mistake).
 */
final class ProxyCa {
  static final String OPTION = "--proxy-ca";
  /** What the relay's "not trusted" diagnosis names for CLI users (not a builder method). */
  static final String REMEDY = OPTION + " FILE";
  private static final Pattern PEM_LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

  private ProxyCa() {}

  /** Returns the TLS context for https proxies that {@code --proxy-ca} asks for, if given. */
  static Optional<SSLContext> from(CommandLine line) throws ConfigException {
    Optional<String> file = line.value(OPTION);
    return file.isEmpty() ? Optional.empty() : Optional.of(context(Path.of(file.get())));
  }

  /** Returns a context trusting the certificates in {@code file} and the JDK's default CAs. */
  static SSLContext context(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(OPTION + " " + file + ": cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
    Collection<? extends Certificate> certs;
    try {
      certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw notPem(file, bytes, " (" + e.getMessage() + ")");
    }
    if (certs.isEmpty()) {
      throw notPem(file, bytes, "");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int n = 0;
      for (X509Certificate ca : jdkDefaults()) {
        store.setCertificateEntry("jdk-" + n++, ca);
      }
      for (Certificate cert : certs) {
        store.setCertificateEntry("proxy-ca-" + n++, cert);
      }
      return Tls.trusting(store).context().orElseThrow();
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(OPTION + " " + file + ": cannot make a trust store of its "
          + certs.size() + " certificate(s): " + e.getMessage());
    }
  }

  private static ConfigException notPem(Path file, byte[] bytes, String why) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher labels = PEM_LABEL.matcher(text);
    String saw = bytes.length == 0 ? "an empty file"
        : labels.find() ? "PEM blocks " + labels.reset().results().map(m -> m.group(1))
            .distinct().collect(Collectors.joining(", ")) + why
        : bytes.length + " bytes without a '-----BEGIN CERTIFICATE-----' line";
    return new ConfigException(OPTION + " " + file + ": expected PEM certificates, saw " + saw);
  }

  private static X509Certificate[] jdkDefaults() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509.getAcceptedIssuers();
      }
    }
    return new X509Certificate[0];
  }
}
