package io.github.proxyauth.httpclient5;

import io.github.proxyauth.testkit.TestKdc;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One embedded KDC for the Negotiate tests of a test class: user {@code alice} and the proxy's
 * service principal {@code HTTP/localhost} (the engine asks for {@code HTTP@<proxy host>}, and
 * the TestProxy's address, 127.0.0.1, carries the host name localhost). {@link
 * TestKdc#useAsJvmDefault()} points the JDK at its krb5.conf (needs the {@code --add-exports} in
 * the pom) and {@link #close()} restores it.
 */
final class Kerberos implements AutoCloseable {
  private static Kerberos current;

  final TestKdc kdc;
  final String alice;
  final String service;
  final Path serviceKeytab;

  private Kerberos(TestKdc kdc) throws IOException {
    this.kdc = kdc;
    if (!kdc.useAsJvmDefault()) {
      throw new IllegalStateException("the JDK did not reload krb5.conf: --add-exports missing");
    }
    this.alice = kdc.addPrincipal(Scheme.USER, Scheme.PASSWORD);
    this.service = kdc.principal("HTTP/localhost");
    this.serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
  }

  /** Starts the KDC of the calling test class. */
  static synchronized Kerberos start() throws IOException {
    if (current != null) {
      throw new IllegalStateException("a KDC is running already");
    }
    current = new Kerberos(TestKdc.start());
    return current;
  }

  /** Returns the running KDC. */
  static synchronized Kerberos current() {
    if (current == null) {
      throw new IllegalStateException("Negotiate tests need Kerberos.start() in @BeforeAll");
    }
    return current;
  }

  @Override
  public void close() throws IOException {
    synchronized (Kerberos.class) {
      current = null;
    }
    kdc.close();
  }
}
