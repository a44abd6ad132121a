package io.github.proxyauth.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScope;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFileTest {
  private static final String CANARY = "CANARY-file-5b2a";
  private static final AuthScope PROXY = AuthScope.of("proxy.corp.example", 3128, "basic");

  @TempDir Path dir;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private Path write(String text) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private CredentialFile open(Path file) throws ProxyAuthException {
    return CredentialFile.open(file, false, warnings::add);
  }

  private static String password(Optional<Credentials> credentials) {
    return new String(credentials.orElseThrow().password());
  }

  @Test
  void parsesCommentsPortsEscapesAndDomains() throws Exception {
    CredentialFile provider = open(write("""
        # proxies of the corp network
          # indented comment

        proxy.corp.example:3128\tCORP\\alice   s3cret%20with%20space%23
        [fd00::1]:8080 bob p%25ss
        other.example carol c#not-a-comment
        """));

    Credentials alice = provider.credentialsFor(PROXY).orElseThrow();
    assertThat(alice.domain()).contains("CORP");
    assertThat(alice.account()).isEqualTo("alice");
    assertThat(new String(alice.password())).isEqualTo("s3cret with space#");
    assertThat(alice.source()).isEqualTo(CredentialFile.display(dir.resolve("credentials"))
        + " line 4");
    assertThat(password(provider.credentialsFor(AuthScope.of("fd00::1", 8080, "digest")))).isEqualTo("p%ss");
    assertThat(password(provider.credentialsFor(AuthScope.of("other.example", 1, "basic"))))
        .isEqualTo("c#not-a-comment");
    assertThat(warnings).isEmpty();
  }

  @Test
  void answersOnlyForTheProxyOfTheLine() throws Exception {
    CredentialFile provider = open(write("proxy.corp.example:3128 alice pw\nany-port.example bob pw\n"));

    assertThat(provider.credentialsFor(AuthScope.of("PROXY.corp.example", 3128, "ntlm"))).isPresent();
    assertThat(provider.credentialsFor(AuthScope.of("proxy.corp.example", 8080, "basic"))).isEmpty();
    assertThat(provider.credentialsFor(AuthScope.of("origin.example", 3128, "basic"))).isEmpty();
    assertThat(provider.credentialsFor(AuthScope.of("any-port.example", 8080, "basic"))).isPresent();
    assertThat(provider.credentialsFor(AuthScope.of("any-port.example", 3128, "basic"))).isPresent();
  }

  @Test
  void firstMatchingLineWins() throws Exception {
    CredentialFile provider = open(write("proxy.corp.example:3128 first pw\nproxy.corp.example second pw\n"));

    assertThat(provider.credentialsFor(PROXY).orElseThrow().user()).isEqualTo("first");
  }

  @Test
  void malformedLineNamesTheLineButNeverThePassword() throws Exception {
    Path file = write("ok.example a b\nproxy.corp.example:3128 alice " + CANARY + " extra\n");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("Malformed credentials file " + CredentialFile.display(file)
            + " line 2: expected 3 fields"
            + " 'host[:port] user password' but saw 4 (percent-encode spaces in a password as %20)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }

  @Test
  void badEscapeInPasswordNeverEchoesIt() throws Exception {
    Path file = write("proxy.corp.example:3128 alice " + CANARY + "%zz\n");

    assertThatThrownBy(() -> open(file)).isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining(" line 1:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
  }

  @Test
  void groupReadableFileIsReportedAsAWarning() throws Exception {
    Path file = write("proxy.corp.example:3128 alice " + CANARY + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    CredentialFile provider = open(file);

    assertThat(provider.credentialsFor(PROXY)).isPresent();
    assertThat(warnings).containsExactly("Credentials file " + file + " is readable by group or"
        + " others (rw-r-----); restrict it with chmod 600");
  }

  @Test
  void worldReadableFileIsRefusedWhenStrict() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> CredentialProvider.fromFile(file, true, warnings::add))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("is readable by group or others (rw-r--r--)");
  }

  @Test
  void rereadsWhenTheModificationTimeChanges() throws Exception {
    Path file = write("proxy.corp.example:3128 alice old-pw\n");
    CredentialFile provider = open(file);
    assertThat(password(provider.credentialsFor(PROXY))).isEqualTo("old-pw");
    FileTime before = Files.getLastModifiedTime(file);

    Files.writeString(file, "proxy.corp.example:3128 alice new-pw\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));

    assertThat(password(provider.credentialsFor(PROXY))).isEqualTo("new-pw");
    assertThat(provider.loads()).isEqualTo(2);
  }

  @Test
  void doesNotRereadAnUnchangedFile() throws Exception {
    CredentialFile provider = open(write("proxy.corp.example:3128 alice pw\n"));

    for (int i = 0; i < 10; i++) {
      provider.credentialsFor(PROXY);
    }

    assertThat(provider.loads()).isEqualTo(1);
  }

  @Test
  void rereadsAfterInvalidateEvenWhenTheTimestampDidNotChange() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw-1\n");
    FileTime stamp = Files.getLastModifiedTime(file);
    CredentialFile provider = open(file);
    Credentials rejected = provider.credentialsFor(PROXY).orElseThrow();
    Files.writeString(file, "proxy.corp.example:3128 alice pw-2\n"); // same size
    Files.setLastModifiedTime(file, stamp);
    assertThat(password(provider.credentialsFor(PROXY))).isEqualTo("pw-1");

    provider.invalidate(PROXY, rejected);

    assertThat(password(provider.credentialsFor(PROXY))).isEqualTo("pw-2");
  }

  @Test
  void concurrentCallsAfterInvalidateShareOneReload() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw\n");
    CredentialFile provider = open(file);
    provider.invalidate(PROXY, provider.credentialsFor(PROXY).orElseThrow());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<Optional<Credentials>>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return provider.credentialsFor(PROXY);
        }));
      }
      start.countDown();
      for (Future<Optional<Credentials>> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isPresent();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(provider.loads()).isEqualTo(2);
  }

  @Test
  void halfWrittenFileKeepsThePreviousEntriesAndWarns() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw\n");
    CredentialFile provider = open(file);
    FileTime before = Files.getLastModifiedTime(file);

    Files.writeString(file, "proxy.corp.example:3128 alice");
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));

    assertThat(password(provider.credentialsFor(PROXY))).isEqualTo("pw");
    assertThat(warnings).singleElement().asString()
        .startsWith("Malformed credentials file " + CredentialFile.display(file)
            + " line 1: expected 3 fields")
        .endsWith("; keeping the 1 entries read before");
  }

  @Test
  void deletedFileAnswersNothingAndWarns() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw\n");
    CredentialFile provider = open(file);

    Files.delete(file);

    assertThat(provider.credentialsFor(PROXY)).isEmpty();
    assertThat(warnings).containsExactly("Credentials file " + file
        + " no longer exists; it provides no credentials");
  }

  @Test
  void fileThatTurnsWorldReadableIsDroppedWhenStrict() throws Exception {
    Path file = write("proxy.corp.example:3128 alice pw\n");
    CredentialProvider provider = CredentialProvider.fromFile(file, true, warnings::add);
    FileTime before = Files.getLastModifiedTime(file);

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));

    assertThat(provider.credentialsFor(PROXY)).isEmpty();
    assertThat(warnings).singleElement().asString().endsWith("it provides no credentials until fixed");
  }

  @Test
  void missingFileAtStartIsAnError() {
    assertThatThrownBy(() -> open(dir.resolve("absent")))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessage("Credentials file " + dir.resolve("absent") + " does not exist");
  }

  @Test
  void toStringAndAnswersNeverShowThePassword() throws Exception {
    CredentialFile provider = open(write("proxy.corp.example:3128 alice " + CANARY + "\n"));

    assertThat(provider.toString()).doesNotContain(CANARY);
    assertThat(provider.credentialsFor(PROXY).orElseThrow().toString()).doesNotContain(CANARY);
  }
}
