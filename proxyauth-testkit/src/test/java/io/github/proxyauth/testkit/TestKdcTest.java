package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.testkit.internal.KerberosTestClient;
import io.github.proxyauth.testkit.internal.NegotiateServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import io.github.proxyauth.testkit.internal.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKdcTest {
  static final ServerRequest REQUEST = new ServerRequest("CONNECT", "example.com:443");
  private Set<Thread> threadsBefore;
  private String krb5ConfBefore;
  private TestKdc kdc;
  private String alice;
  private Path serviceKeytab;

  @BeforeEach
  void startKdc() throws IOException {
    threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    krb5ConfBefore = System.getProperty("java.security.krb5.conf");
    long started = System.nanoTime();
    kdc = TestKdc.start();
    alice = kdc.addPrincipal("alice", "alice-pw");
    serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
    // Measured, never asserted: reported in the test output.
    System.out.printf("TestKdc start + 2 principals + keytab: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterEach
  void stopKdc() throws IOException {
    kdc.close();
  }

  @Test
  void startingChangesNoJvmKerberosSetting() {
    assertThat(kdc.realm()).isEqualTo("EXAMPLE.TEST");
    assertThat(System.getProperty("java.security.krb5.conf")).isEqualTo(krb5ConfBefore);
  }

  @Test
  void refusesSecondKdcWhileOneIsOpen() {
    assertThatThrownBy(() -> TestKdc.start("other.test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EXAMPLE.TEST")
        .hasMessageContaining("OTHER.TEST");
  }

  @Test
  void startsAgainAfterClose() throws IOException {
    kdc.close();

    try (TestKdc other = TestKdc.start("other.test")) {
      assertThat(other.realm()).isEqualTo("OTHER.TEST");
      assertThat(other.principal("bob")).isEqualTo("bob@OTHER.TEST");
    }
  }

  @Test
  void writesKrb5ConfForLoopbackTcpKdc() throws IOException {
    String conf = Files.readString(kdc.krb5Conf());

    assertThat(kdc.krb5Conf()).startsWith(kdc.directory());
    assertThat(conf).contains("default_realm = EXAMPLE.TEST")
        .contains("kdc = 127.0.0.1:" + kdc.port())
        .contains("udp_preference_limit = 1");
  }

  @Test
  void passwordLoginTicketIsAcceptedByNegotiateScheme() throws Exception {
    kdc.useAsJvmDefault();
    Subject subject = KerberosTestClient.loginWithPassword(alice, "alice-pw");

    assertThat(acceptedUser(subject)).isEqualTo(new Verdict.Accepted("alice@EXAMPLE.TEST"));
  }

  @Test
  void keytabLoginTicketIsAcceptedByNegotiateScheme(@TempDir Path dir) throws Exception {
    kdc.useAsJvmDefault();
    String bob = kdc.addPrincipal("bob");
    Path keytab = kdc.exportKeytab(dir.resolve("bob.keytab"), "bob");

    Subject subject = KerberosTestClient.loginWithKeytab(bob, keytab);

    assertThat(acceptedUser(subject)).isEqualTo(new Verdict.Accepted("bob@EXAMPLE.TEST"));
  }

  @Test
  void kinitWritesCredentialsCacheTheJdkReads(@TempDir Path dir) throws Exception {
    kdc.useAsJvmDefault();
    Path ccache = kdc.kinit("alice", "alice-pw", dir.resolve("alice.cc"));

    Subject subject = KerberosTestClient.loginWithTicketCache(alice, ccache);

    assertThat(acceptedUser(subject)).isEqualTo(new Verdict.Accepted("alice@EXAMPLE.TEST"));
  }

  @Test
  void kinitWithALifetimeWritesATicketThatEndsThen(@TempDir Path dir) throws Exception {
    kdc.useAsJvmDefault();
    Instant before = Instant.now();
    Path ccache = kdc.kinit("alice", "alice-pw", dir.resolve("short.cc"), Duration.ofSeconds(30));

    Subject subject = KerberosTestClient.loginWithTicketCache(alice, ccache);

    Instant end = subject.getPrivateCredentials(KerberosTicket.class).iterator().next()
        .getEndTime().toInstant();
    assertThat(end).isBetween(before.plusSeconds(25), before.plusSeconds(35));
    assertThatThrownBy(() -> kdc.kinit("alice", "alice-pw", dir.resolve("x.cc"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongPasswordFailsLogin() {
    kdc.useAsJvmDefault();
    assertThatThrownBy(() -> KerberosTestClient.loginWithPassword(alice, "wrong-pw"))
        .isInstanceOf(LoginException.class);
  }

  @Test
  void kinitWithWrongPasswordFailsWithoutRevealingIt(@TempDir Path dir) {
    assertThatThrownBy(() -> kdc.kinit("alice", "wrong-canary", dir.resolve("x.cc")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("alice@EXAMPLE.TEST")
        .hasMessageNotContaining("canary");
  }

  @Test
  void closeRestoresPreviousKrb5ConfProperty() throws IOException {
    kdc.useAsJvmDefault();
    assertThat(System.getProperty("java.security.krb5.conf"))
        .isEqualTo(kdc.krb5Conf().toString());

    kdc.close();

    assertThat(System.getProperty("java.security.krb5.conf")).isEqualTo(krb5ConfBefore);
  }

  @Test
  void closeLeavesNoThreadsPortsOrFiles(@TempDir Path dir) throws Exception {
    kdc.kinit("alice", "alice-pw", dir.resolve("alice.cc"));
    int port = kdc.port();
    Path directory = kdc.directory();

    kdc.close();

    Set<Thread> added = new HashSet<>(Thread.getAllStackTraces().keySet());
    added.removeAll(threadsBefore);
    for (Thread thread : added) {
      thread.join(5_000);
    }
    assertThat(added).noneMatch(Thread::isAlive);
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    assertThat(directory).doesNotExist();
  }

  private Verdict acceptedUser(Subject subject) throws Exception {
    NegotiateServerScheme scheme =
        new NegotiateServerScheme(serviceKeytab, kdc.principal("HTTP/localhost"));
    KerberosTestClient.Initiated initiated =
        KerberosTestClient.initiate(subject, "localhost", KerberosTestClient.SPNEGO, false);
    return scheme.verify(Base64.getEncoder().encodeToString(initiated.token()), REQUEST,
        new ServerConnection(1));
  }
}
