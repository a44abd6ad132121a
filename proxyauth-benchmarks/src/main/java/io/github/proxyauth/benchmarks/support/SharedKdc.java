package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.NegotiateOptions;
import io.github.proxyauth.testkit.TestKdc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Returns the one {@link TestKdc} of this JVM (Kerby allows one at a time), started on first use
 * with {@link Fixtures#USER} and the service principal {@code HTTP/localhost}, and closed when
 * the JVM exits. Thread-safe.
 */
public final class SharedKdc {
  /** Holds the JVM option a KDC-using JVM needs (the test kit refreshes the JDK's krb5 config). */
  public static final class Kdc {
    /** The option, for {@code @Fork(jvmArgsAppend = ...)}. */
    public static final String EXPORTS = "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED";

    private Kdc() {}
  }

  private static Optional<SharedKdc> instance = Optional.empty();

  private final TestKdc kdc;
  private final String client;
  private final String service;
  private final Path serviceKeytab;

  private SharedKdc(TestKdc kdc) throws IOException {
    this.kdc = kdc;
    if (!kdc.useAsJvmDefault()) {
      throw new IllegalStateException("the JDK did not reload the KDC's krb5.conf");
    }
    this.client = kdc.addPrincipal(Fixtures.USER, Fixtures.PASSWORD);
    this.serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
    this.service = kdc.principal("HTTP/localhost");
  }

  /** Returns the KDC of this JVM, starting it on the first call. */
  public static synchronized SharedKdc get() {
    if (instance.isEmpty()) {
      try {
        SharedKdc started = new SharedKdc(TestKdc.start());
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "bench-kdc-close"));
        instance = Optional.of(started);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the test KDC", e);
      }
    }
    return instance.get();
  }

  /** Returns the client principal, {@code alice@REALM}. */
  public String client() {
    return client;
  }

  /** Returns the proxy's service principal, {@code HTTP/localhost@REALM}. */
  public String service() {
    return service;
  }

  /** Returns the keytab of {@link #service()}. */
  public Path serviceKeytab() {
    return serviceKeytab;
  }

  /** Returns the krb5.conf the KDC wrote (child JVMs need it). */
  public Path krb5Conf() {
    return kdc.krb5Conf();
  }

  /** Returns a Negotiate scheme that logs in as {@link #client()} by password. */
  public AuthScheme negotiate() {
    return negotiate(client, service);
  }

  /** Returns a Negotiate scheme logging in as {@code client} by password, asking for {@code spn}. */
  public static AuthScheme negotiate(String client, String spn) {
    return AuthScheme.negotiate(NegotiateOptions.builder()
        .login(KerberosLogin.password(client, Fixtures.PASSWORD.toCharArray()))
        .servicePrincipal(spn).build());
  }

  private void close() {
    try {
      kdc.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("closing the test KDC failed: " + e);
    }
  }
}
