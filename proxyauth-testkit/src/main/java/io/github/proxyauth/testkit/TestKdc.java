package io.github.proxyauth.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

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
 * <p>Thread-safe: all methods are synchronized. {@link #close()} stops the KDC, waits (bounded)
 * for its threads to end, and deletes the directory.
 */
public final class TestKdc implements AutoCloseable {
  /** The realm {@link #start()} uses. */
  public static final String DEFAULT_REALM = "EXAMPLE.TEST";

  private static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
  /** Guards the JVM-wide property against concurrent starts and installs. */
  private static final Object JVM_SETTINGS = new Object();
  private static final int START_ATTEMPTS = 5;
  private static final long THREAD_EXIT_MILLIS = 5_000;

  private final SimpleKdcServer kdc;
  private final String realm;
  private final int port;
  private final Path directory;
  private final Path krb5Conf;
  private final Set<Thread> kdcThreads;
  private Optional<Optional<String>> replacedKrb5Conf = Optional.empty();
  private boolean closed;

  private TestKdc(Started started, String realm, Path directory) throws IOException {
    this.kdc = started.kdc();
    this.realm = realm;
    this.port = started.port();
    this.directory = directory;
    this.kdcThreads = started.threads();
    this.krb5Conf = directory.resolve("krb5.conf");
    Files.writeString(krb5Conf, krb5ConfText(realm, port), StandardCharsets.UTF_8);
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
   */
  public static TestKdc start(String realm) throws IOException {
    String name = Objects.requireNonNull(realm, "realm").toUpperCase(Locale.ROOT);
    if (name.isBlank()) {
      throw new IllegalArgumentException("Expected a realm name but got a blank string");
    }
    Path directory = Files.createTempDirectory("proxyauth-testkdc-");
    Optional<Started> started = Optional.empty();
    try {
      started = Optional.of(launch(name, Files.createDirectory(directory.resolve("kerby"))));
      return new TestKdc(started.get(), name, directory);
    } catch (IOException | RuntimeException e) {
      started.ifPresent(s -> stopQuietly(s.kdc(), e));
      try {
        deleteTree(directory);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Returns the realm, upper-case. */
  public synchronized String realm() {
    return realm;
  }

  /** Returns the KDC's TCP port on 127.0.0.1. */
  public synchronized int port() {
    return port;
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
   * Returns the full name of a new principal {@code name} whose keys derive from {@code password}.
   *
   * @throws IOException when the principal exists already or Kerby refuses it
   */
  public synchronized String addPrincipal(String name, String password) throws IOException {
    Objects.requireNonNull(password, "password");
    String principal = principal(name);
    kerby("add principal " + principal, () -> kdc.createPrincipal(principal, password));
    return principal;
  }

  /** Returns the full name of a new principal {@code name} with random keys. */
  public synchronized String addPrincipal(String name) throws IOException {
    String principal = principal(name);
    kerby("add principal " + principal, () -> kdc.createPrincipal(principal));
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
    kerby("export keytab for " + names, () -> kdc.getKadmin().exportKeytab(file.toFile(), names));
    return file;
  }

  /**
   * Returns the keytab (in {@link #directory()}) of a new service principal {@code name}, for
   * example {@code HTTP/localhost}, which gets random keys.
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
    KrbClient client = kdc.getKrbClient();
    kerby("get a TGT for " + name, () -> client.storeTicket(client.requestTgt(name, password),
        ccache.toFile()));
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
    synchronized (JVM_SETTINGS) {
      if (replacedKrb5Conf.isEmpty()) {
        replacedKrb5Conf = Optional.of(Optional.ofNullable(System.getProperty(KRB5_CONF_PROPERTY)));
      }
      System.setProperty(KRB5_CONF_PROPERTY, krb5Conf.toString());
      return refreshJdkKerberosConfig();
    }
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
      kerby("stop", kdc::stop);
      awaitThreads();
    } finally {
      restoreJvmDefault();
      deleteTree(directory);
    }
  }

  @Override
  public String toString() {
    return "TestKdc[realm=" + realm + ", kdc=127.0.0.1:" + port + "]";
  }

  private void awaitThreads() throws IOException {
    long deadline = System.nanoTime() + THREAD_EXIT_MILLIS * 1_000_000;
    for (Thread thread : kdcThreads) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        thread.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for KDC thread " + thread.getName(), e);
      }
    }
  }

  private void restoreJvmDefault() {
    synchronized (JVM_SETTINGS) {
      if (replacedKrb5Conf.isEmpty()) {
        return;
      }
      setOrClear(replacedKrb5Conf.get());
      replacedKrb5Conf = Optional.empty();
      refreshJdkKerberosConfig();
    }
  }

  private static Started launch(String realm, Path work) throws IOException {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      try {
        return launchOn(realm, work, port);
      } catch (KrbException e) {
        if (attempt >= START_ATTEMPTS || !causedByBind(e)) {
          throw new IOException("Kerby KDC for realm " + realm + " did not start on 127.0.0.1:"
              + port + " (attempt " + attempt + " of " + START_ATTEMPTS + ")", e);
        }
      }
    }
  }

  private static Started launchOn(String realm, Path work, int port) throws KrbException {
    SimpleKdcServer kdc = new SimpleKdcServer();
    kdc.setWorkDir(work.toFile());
    kdc.setKdcRealm(realm);
    kdc.setKdcHost("127.0.0.1");
    kdc.setAllowUdp(false);
    kdc.setKdcTcpPort(port);
    synchronized (JVM_SETTINGS) {
      // Kerby's init() points java.security.krb5.conf at its own file; undo that at once.
      Optional<String> previous = Optional.ofNullable(System.getProperty(KRB5_CONF_PROPERTY));
      try {
        kdc.init();
      } finally {
        setOrClear(previous);
      }
    }
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try {
      kdc.start();
    } catch (KrbException | RuntimeException e) {
      stopQuietly(kdc, e);
      throw e;
    }
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    started.removeIf(t -> !t.getName().startsWith("Thread-"));
    return new Started(kdc, port, Set.copyOf(started));
  }

  private static void stopQuietly(SimpleKdcServer kdc, Exception failure) {
    try {
      kdc.stop();
    } catch (KrbException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    // Kerby cannot bind port 0 and report the port, so pick one and retry if it is taken.
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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

  private static void setOrClear(Optional<String> value) {
    if (value.isPresent()) {
      System.setProperty(KRB5_CONF_PROPERTY, value.get());
    } else {
      System.clearProperty(KRB5_CONF_PROPERTY);
    }
  }

  private static boolean refreshJdkKerberosConfig() {
    try {
      Class.forName("sun.security.krb5.Config").getMethod("refresh").invoke(null);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static void kerby(String what, KerbyAction action) throws IOException {
    try {
      action.run();
    } catch (KrbException e) {
      throw new IOException("Kerby KDC failed to " + what + ": " + e.getMessage(), e);
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

  @FunctionalInterface
  private interface KerbyAction {
    void run() throws KrbException;
  }

  private record Started(SimpleKdcServer kdc, int port, Set<Thread> threads) {}
}
