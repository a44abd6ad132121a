package io.github.proxyauth.it.squid;

import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.internal.ntlm.NtlmVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running lab: one Squid 5 with six loopback ports (see {@link SquidPort}), an embedded Kerby
 * KDC whose keytab Squid's Negotiate helper reads, an NTLM helper that checks NTLMv2 passwords,
 * and the HTTP and HTTPS origins. Every file lives in a temporary directory that {@link #close()}
 * deletes after copying Squid's logs to {@code logsCopy}. Shared by all test classes of a run.
 */
final class SquidLab implements AutoCloseable {
  static final String USER = "alice";
  static final String PASSWORD = "alice-Pw-1";
  static final String WRONG_PASSWORD = "not-alices-password";
  static final String NTLM_DOMAIN = "EXAMPLE";
  static final int DIGEST_NONCE_MAX = 8;
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private Map<SquidPort, Integer> ports = Map.of();
  private TestKdc kdc;
  private Origins origins;
  private SquidProcess squid;
  private Optional<Path> aliceCcache = Optional.empty();

  private SquidLab(Path dir) {
    this.dir = dir;
  }

  /** Returns a started lab using the Squid binary {@code squid}. */
  static SquidLab start(Path squid, Path logsCopy) throws IOException {
    SquidLab lab = new SquidLab(LabFiles.createLabDirectory());
    lab.resources.add(() -> lab.copyLogs(logsCopy));
    try {
      lab.prepare();
      lab.launch(squid);
      return lab;
    } catch (IOException | RuntimeException e) {
      try {
        lab.close();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Returns the port Squid listens on for {@code port}. */
  int port(SquidPort port) {
    return ports.get(port);
  }

  /** Returns the lab directory. */
  Path dir() {
    return dir;
  }

  /** Returns the embedded KDC. */
  TestKdc kdc() {
    return kdc;
  }

  /** Returns the Kerberos principal of the test user ({@code alice@REALM}). */
  String principal() {
    return kdc.principal(USER);
  }

  /**
   * Returns the canaries of {@code password}: what must never appear in a log, an output or a
   * metric. The password, alice's Basic answer made of it, and the base64 start of every NTLM
   * message ({@code "NTLMSSP"}).
   */
  static String[] canaries(String password) {
    String basic = Base64.getEncoder().encodeToString((USER + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    return new String[] {password, basic, "TlRMTVNT"};
  }

  /** Returns the user Squid's log names for alice on {@code port} (her principal for Negotiate). */
  String loggedUser(SquidPort port) {
    return port == SquidPort.NEGOTIATE ? principal() : USER;
  }

  /** Returns the krb5.conf (a world-readable copy of the KDC's) for clients and Squid. */
  Path krb5Conf() {
    return dir.resolve("krb/krb5.conf");
  }

  /** Returns the origins. */
  Origins origins() {
    return origins;
  }

  /**
   * Returns the lines of Squid's auth log: {@code localport clientport scheme url}, where scheme
   * is the first 9 characters of the request's Proxy-Authorization ("-" without one).
   */
  List<String> authLog() throws IOException {
    Path log = dir.resolve("logs/auth.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Returns Squid's access log. */
  AccessLog accessLog() {
    return new AccessLog(dir.resolve("logs/access.log"));
  }

  /** Returns a one-line description for the build log: Squid's pid and ports, the KDC. */
  String describe() {
    return "Squid pid " + squid.pid() + " on 127.0.0.1 ports " + ports + ", " + kdc + ", lab "
        + dir;
  }

  @Override
  public void close() throws IOException {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    IOException failure = null;
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        failure = failure == null ? new IOException("Closing the Squid lab failed", e) : failure;
      }
    }
    LabFiles.deleteTree(dir);
    if (failure != null) {
      throw failure;
    }
  }

  private void prepare() throws IOException {
    for (String sub : List.of("etc", "bin", "krb", "helper", "run", "logs", "cache")) {
      LabFiles.directory(dir, sub);
    }
    LabFiles.giveToSquidUser(dir.resolve("run"), dir.resolve("logs"), dir.resolve("cache"));
    writePasswordFiles();
    startKdc();
    origins = Origins.start();
    resources.add(origins);
  }

  private void writePasswordFiles() throws IOException {
    Path etc = dir.resolve("etc");
    LabFiles.write(etc.resolve("basic.passwd"),
        USER + ":" + Apr1Crypt.hash(PASSWORD, "Squ1dLab") + "\n", "rw-r--r--");
    LabFiles.write(etc.resolve("digest.passwd"), USER + ":" + PASSWORD + "\n", "rw-r--r--");
    LabFiles.write(etc.resolve("ntlm.passwd"), USER + ":" + PASSWORD + "\n", "rw-r--r--");
  }

  private void startKdc() throws IOException {
    kdc = TestKdc.start();
    resources.add(kdc);
    kdc.addPrincipal(USER, PASSWORD);
    // Fixed passwords give stable keys (recipe pitfall 9).
    kdc.addPrincipal("HTTP/localhost", "http-localhost-key");
    kdc.addPrincipal("HTTP/127.0.0.1", "http-127.0.0.1-key");
    Path keytab = kdc.exportKeytab(dir.resolve("krb/squid.keytab"), "HTTP/localhost",
        "HTTP/127.0.0.1");
    Files.setPosixFilePermissions(keytab, PosixFilePermissions
        .fromString("rw-r--r--"));
    // The JDK reads its Kerberos configuration from this JVM-wide property (close() restores it).
    kdc.useAsJvmDefault();
    Files.copy(kdc.krb5Conf(), krb5Conf(), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(krb5Conf(), PosixFilePermissions
        .fromString("rw-r--r--"));
  }

  private void launch(Path squidBinary) throws IOException {
    String ntlmProgram = writeNtlmHelperScript().toString();
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      ports = freePorts(List.of(SquidPort.values()));
      Path config = LabFiles.write(dir.resolve("etc/squid.conf"), render(ntlmProgram),
          "rw-r--r--");
      try {
        squid = SquidProcess.start(squidBinary, config, Map.of("KRB5_CONFIG",
            krb5Conf().toString()), ports.values(), dir.resolve("logs/squid.out"));
        resources.add(squid);
        return;
      } catch (IOException e) {
        // A port taken between choosing and binding makes Squid exit: choose again.
        last = new IOException(e.getMessage() + " (attempt " + attempt + "); squid output:\n"
            + tail(dir.resolve("logs/squid.out")) + "\ncache.log:\n"
            + tail(dir.resolve("logs/cache.log")), e);
      }
    }
    throw Objects.requireNonNull(last);
  }

  private Path writeNtlmHelperScript() throws IOException {
    Path helperDir = dir.resolve("helper");
    Path own = LabFiles.copyCodeSource(SquidNtlmHelper.class, helperDir);
    Path testkit = LabFiles.copyCodeSource(NtlmVerifier.class, helperDir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script = "#!/bin/sh\n"
        + "# Squid's NTLM helper: real NTLMv2 checks with the test kit's verifier\n"
        + "exec " + java + " -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m"
        + " -cp " + own + ":" + testkit + " " + SquidNtlmHelper.class.getName() + " "
        + dir.resolve("etc/ntlm.passwd") + " " + NTLM_DOMAIN + "\n";
    return LabFiles.write(dir.resolve("bin/ntlm-helper.sh"), script, "rwxr-xr-x");
  }

  private String render(String ntlmProgram) throws IOException {
    String template;
    try (InputStream in = Objects.requireNonNull(
        SquidLab.class.getResourceAsStream("squid.conf.in"), "squid.conf.in on the classpath")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("@LAB@", dir.toString());
    values.put("@NTLM_PROGRAM@", ntlmProgram);
    values.put("@DIGEST_NONCE_MAX@", Integer.toString(DIGEST_NONCE_MAX));
    values.put("@EFFECTIVE_USER@", LabFiles.runningAsRoot()
        ? "cache_effective_user " + LabFiles.SQUID_USER : "# not root: Squid keeps this user");
    ports.forEach((port, number) -> values.put("@P_" + port.name() + "@", number.toString()));
    for (Map.Entry<String, String> value : values.entrySet()) {
      template = template.replace(value.getKey(), value.getValue());
    }
    Matcher unfilled = Pattern.compile("@[A-Z_]+@").matcher(template);
    if (unfilled.find()) {
      throw new IllegalStateException("Expected every placeholder of squid.conf.in filled but "
          + unfilled.group() + " is not");
    }
    return template;
  }

  /** Returns a free loopback port for each of {@code wanted} (free when chosen, not held). */
  static Map<SquidPort, Integer> freePorts(Collection<SquidPort> wanted) throws IOException {
    Map<SquidPort, Integer> chosen = new EnumMap<>(SquidPort.class);
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (SquidPort port : wanted) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        chosen.put(port, socket.getLocalPort());
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    return chosen;
  }

  private void copyLogs(Path target) throws IOException {
    Files.createDirectories(target);
    for (String name : List.of("access.log", "cache.log", "squid.out")) {
      Path log = dir.resolve("logs").resolve(name);
      if (Files.exists(log)) {
        Files.copy(log, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Returns an MIT credentials cache holding a TGT of {@link #principal()} (for curl), made once
   * by an AS exchange with the KDC.
   */
  synchronized Path aliceCcache() throws IOException {
    Path ccache = dir.resolve("krb/alice.cc");
    if (aliceCcache.isEmpty()) {
      aliceCcache = Optional.of(kdc.kinit(USER, PASSWORD, ccache));
    }
    return aliceCcache.get();
  }

  /** Returns the PEM file of the HTTPS origin's certificate (for curl). */
  synchronized Path caPem() throws IOException {
    Path pem = dir.resolve("etc/origin-ca.pem");
    return Files.exists(pem) ? pem : origins.writeCaPem(pem);
  }

  /** Returns a PKCS12 truststore with the HTTPS origin's certificate (for child JVMs). */
  synchronized Path truststore() throws IOException {
    Path store = dir.resolve("etc/origin-trust.p12");
    return Files.exists(store) ? store : origins.writeTruststore(store);
  }
}
