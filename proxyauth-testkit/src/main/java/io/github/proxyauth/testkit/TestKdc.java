package io.github.proxyauth.testkit;

import io.github.proxyauth.testkit.internal.CountingIdentityBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kerby.KOptions;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.client.KrbOption;

/**
 * An embedded Kerberos KDC (Apache Kerby) on 127.0.0.1, TCP only, on a free port, with its own
 * temporary directory holding a krb5.conf for clients and any keytabs you export. Start it with
 * {@link #start()}, add principals, point the JDK at {@link #krb5Conf()}, and close it.
 *
 * <p><b>JVM-wide settings.</b> Starting and using a {@code TestKdc} changes none. (Kerby's
 * {@code init()} sets the system property {@code java.security.krb5.conf}; this class restores
 * the previous value at once.) Only {@link #useAsJvmDefault()} changes JVM state: it sets {@code
 * java.security.krb5.conf} and refreshes the JDK's cached Kerberos configuration; {@link #close()}
 * restores both. The JDK caches its Kerberos configuration per JVM, so run Kerberos tests of one
 * JVM one at a time.
 *
 * <p><b>One per JVM.</b> Apache Kerby 2.1.1 keeps KDC options (realm, host, ports) in JVM-wide
 * statics, so a second KDC would silently reconfigure the first. {@link #start()} therefore
 * throws {@link IllegalStateException} while another {@code TestKdc} of the same JVM is open.
 *
 * <p>Thread-safe: all methods are synchronized. {@link #close()} stops the KDC, waits (bounded)
 * for its threads to end, and deletes the directory.
 */
public final class TestKdc implements AutoCloseable {
  /** The realm {@link #start()} uses. */
  public static final String DEFAULT_REALM = "EXAMPLE.TEST";

  private static final long THREAD_EXIT_MILLIS = 5_000;

  private final KerbyServer server;
  private final String realm;
  private final Path directory;
  private final Path krb5Conf;
  private Optional<Optional<String>> replacedKrb5Conf = Optional.empty();
  private boolean closed;

  private TestKdc(KerbyServer server, String realm, Path directory) throws IOException {
    this.server = server;
    this.realm = realm;
    this.directory = directory;
    this.krb5Conf = directory.resolve("krb5.conf");
    Files.writeString(krb5Conf, krb5ConfText(realm, server.port()), StandardCharsets.UTF_8);
  }

  /** Returns a started KDC for realm {@value #DEFAULT_REALM}. */
  public static TestKdc start() throws IOException {
    return start(DEFAULT_REALM);
  }

  /**
   * Returns a started KDC for {@code realm} (upper-cased with {@link Locale#ROOT}).
   *
   * @throws IOException when the directory cannot be created or the KDC does not start after
   *     five tries on fresh ports
   * @throws IllegalStateException when another {@code TestKdc} of this JVM is open
   */
  public static TestKdc start(String realm) throws IOException {
    String name = Objects.requireNonNull(realm, "realm").toUpperCase(Locale.ROOT);
    if (name.isBlank()) {
      throw new IllegalArgumentException("Expected a realm name but got a blank string");
    }
    JvmKerberosSettings.claim(name);
    Optional<Path> directory = Optional.empty();
    Optional<KerbyServer> server = Optional.empty();
    try {
      directory = Optional.of(Files.createTempDirectory("proxyauth-testkdc-"));
      Path work = Files.createDirectory(directory.get().resolve("kerby"));
      server = Optional.of(KerbyServer.start(name, work));
      TestKdc kdc = new TestKdc(server.get(), name, directory.get());
      JvmKerberosSettings.markOpen(Optional.of(kdc.toString()));
      return kdc;
    } catch (IOException | RuntimeException e) {
      server.ifPresent(s -> KerbyServer.stopQuietly(s.kdc(), e));
      deleteAfterFailure(directory, e);
      JvmKerberosSettings.markOpen(Optional.empty());
      throw e;
    }
  }

  /** Returns the realm, upper-case. */
  public synchronized String realm() {
    return realm;
  }

  /** Returns the KDC's TCP port on 127.0.0.1. */
  public synchronized int port() {
    return server.port();
  }

  /** Returns this KDC's own directory; {@link #close()} deletes it. */
  public synchronized Path directory() {
    return directory;
  }

  /**
   * Returns the krb5.conf for clients: this realm as default, {@code kdc = 127.0.0.1:port}, TCP
   * only ({@code udp_preference_limit = 1}), no DNS lookups or canonicalisation, and
   * {@code localhost} and {@code 127.0.0.1} mapped to the realm. Pass it to the JDK as the
   * system property {@code java.security.krb5.conf} or to MIT tools as {@code KRB5_CONFIG}.
   */
  public synchronized Path krb5Conf() {
    return krb5Conf;
  }

  /** Returns {@code name} with {@code @REALM} appended unless it already names a realm. */
  public synchronized String principal(String name) {
    Objects.requireNonNull(name, "name");
    return name.contains("@") ? name : name + "@" + realm;
  }

  /**
   * Returns how often the KDC looked {@code principal} (see {@link #principal(String)}) up as a
   * client since it started: each authentication-service (AS) exchange does (each {@link #kinit}
   * and each JAAS login with a password or keytab; a login that pre-authenticates sends two), and
   * other exchanges for the principal's tickets may too. A count that grows while a client only
   * reuses its tickets does not: for tests that prove a new ticket-granting ticket was obtained.
   */
  public synchronized int asRequests(String principal) {
    return CountingIdentityBackend.lookups(principal(principal));
  }

  /**
   * Returns the full name of a new principal {@code name} whose keys derive from {@code password}.
   *
   * @throws IOException when the principal exists already or Kerby refuses it
   */
  public synchronized String addPrincipal(String name, String password) throws IOException {
    Objects.requireNonNull(password, "password");
    String principal = principal(name);
    kerby("add principal " + principal, () -> server.kdc().createPrincipal(principal, password));
    return principal;
  }

  /** Returns the full name of a new principal {@code name} with random keys. */
  public synchronized String addPrincipal(String name) throws IOException {
    String principal = principal(name);
    kerby("add principal " + principal, () -> server.kdc().createPrincipal(principal));
    return principal;
  }

  /**
   * Returns {@code file} after writing the keys of {@code principals} to it as a keytab (MIT
   * format; replacing any file there).
   */
  public synchronized Path exportKeytab(Path file, String... principals) throws IOException {
    List<String> names = Arrays.stream(principals).map(this::principal)
        .collect(Collectors.toList());
    Files.deleteIfExists(file);
    kerby("export a keytab for " + names,
        () -> server.kdc().getKadmin().exportKeytab(file.toFile(), names));
    return file;
  }

  /**
   * Returns the keytab (in {@link #directory()}) of a new service principal {@code name}, for
   * example {@code HTTP/localhost}, which gets random keys. Its full name is {@link
   * #principal(String) principal(name)}.
   */
  public synchronized Path createServicePrincipal(String name) throws IOException {
    String principal = addPrincipal(name);
    String file = principal.replaceAll("[^A-Za-z0-9.-]", "_") + ".keytab";
    return exportKeytab(directory.resolve(file), principal);
  }

  /**
   * Returns {@code ccache} after an AS exchange for {@code principal} with {@code password} wrote
   * the TGT there as an MIT {@code FILE:} credentials cache (what the JDK and MIT tools read).
   *
   * @throws IOException when the KDC refuses the password or the file cannot be written
   */
  public synchronized Path kinit(String principal, String password, Path ccache)
      throws IOException {
    String name = principal(principal);
    KrbClient client = server.kdc().getKrbClient();
    kerby("get a TGT for " + name,
        () -> client.storeTicket(client.requestTgt(name, password), ccache.toFile()));
    return ccache;
  }

  /**
   * Returns {@code ccache} after an AS exchange like {@link #kinit(String, String, Path)} that
   * asked for a TGT valid for {@code lifetime} only (at least one second): for tests of tickets
   * that expire, or are about to.
   *
   * @throws IOException when the KDC refuses the password or the file cannot be written
   */
  public synchronized Path kinit(String principal, String password, Path ccache,
      Duration lifetime) throws IOException {
    if (lifetime.getSeconds() < 1 || lifetime.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Expected a ticket lifetime of at least 1 s, got "
          + lifetime);
    }
    String name = principal(principal);
    KrbClient client = server.kdc().getKrbClient();
    KOptions options = new KOptions();
    options.add(KrbOption.CLIENT_PRINCIPAL, name);
    options.add(KrbOption.USE_PASSWD, true);
    options.add(KrbOption.USER_PASSWD, Objects.requireNonNull(password, "password"));
    options.add(KrbOption.LIFE_TIME, (int) lifetime.getSeconds());
    kerby("get a TGT for " + name + " valid for " + lifetime,
        () -> client.storeTicket(client.requestTgt(options), ccache.toFile()));
    return ccache;
  }

  /**
   * Returns whether the JDK reloaded its Kerberos configuration after this method set {@code
   * java.security.krb5.conf} to {@link #krb5Conf()}. The reload calls {@code
   * sun.security.krb5.Config.refresh()}, which needs {@code --add-exports
   * java.security.jgss/sun.security.krb5=ALL-UNNAMED}; without it this returns false, and logins
   * must pass {@code refreshKrb5Config=true} to {@code Krb5LoginModule}, which reloads the same
   * way. {@link #close()} restores the previous property value and reloads again.
   */
  public synchronized boolean useAsJvmDefault() {
    Optional<String> previous = JvmKerberosSettings.install(krb5Conf);
    if (replacedKrb5Conf.isEmpty()) {
      replacedKrb5Conf = Optional.of(previous);
    }
    return JvmKerberosSettings.refreshJdkConfig();
  }

  /**
   * Stops the KDC, waits up to five seconds for its threads to end, restores what {@link
   * #useAsJvmDefault()} changed, and deletes {@link #directory()}. Idempotent.
   *
   * @throws IOException when Kerby fails to stop or the directory cannot be deleted
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kerby("stop", server.kdc()::stop);
      awaitThreads();
    } finally {
      replacedKrb5Conf.ifPresent(JvmKerberosSettings::restore);
      replacedKrb5Conf = Optional.empty();
      JvmKerberosSettings.markOpen(Optional.empty());
      deleteTree(directory);
    }
  }

  /** Returns the realm and KDC address. */
  @Override
  public String toString() {
    return "TestKdc[realm=" + realm + ", kdc=127.0.0.1:" + server.port() + "]";
  }

  private void awaitThreads() throws IOException {
    long deadline = System.nanoTime() + THREAD_EXIT_MILLIS * 1_000_000;
    for (Thread thread : server.threads()) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for KDC thread " + thread.getName(), e);
      }
    }
  }

  private static String krb5ConfText(String realm, int port) {
    return String.join("\n",
        "[libdefaults]",
        "    default_realm = " + realm,
        "    dns_lookup_kdc = false",
        "    dns_lookup_realm = false",
        "    udp_preference_limit = 1",
        "    dns_canonicalize_hostname = false",
        "    rdns = false",
        "    ticket_lifetime = 24h",
        "    forwardable = true",
        "",
        "[realms]",
        "    " + realm + " = {",
        "        kdc = 127.0.0.1:" + port,
        "    }",
        "",
        "[domain_realm]",
        "    localhost = " + realm,
        "    127.0.0.1 = " + realm,
        "");
  }

  private static void kerby(String what, JvmKerberosSettings.Action<KrbException> action)
      throws IOException {
    try {
      action.run();
    } catch (KrbException e) {
      throw new IOException("Kerby KDC failed to " + what + ": " + e.getMessage(), e);
    }
  }

  private static void deleteAfterFailure(Optional<Path> directory, Exception failure) {
    try {
      if (directory.isPresent()) {
        deleteTree(directory.get());
      }
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(path);
      }
    }
  }
}
