package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve config file: Java properties, keys named like the flags, errors at file:line: key. */
class ServeConfigTest {
  @TempDir Path dir;

  Path file(String... lines) throws IOException {
    return Files.writeString(dir.resolve("serve.properties"), String.join("\n", lines) + "\n");
  }

  CommandLine merged(Path file, String... flags) throws Exception {
    String[] args = new String[flags.length + 2];
    args[0] = "--config";
    args[1] = file.toString();
    System.arraycopy(flags, 0, args, 2, flags.length);
    return ServeConfig.merge(CommandLine.parse(Command.SERVE, args));
  }

  @Test
  void readsEveryKeyNamedLikeItsFlag() throws Exception {
    CommandLine line = merged(file(
        "# a comment", "! another", "",
        "listen = 127.0.0.1:0",
        "proxy=http://proxy.corp.example:3128",
        "allow=10.0.0.0/8, 192.168.1.7",
        "user: CORP\\\\alice",
        "password-file /etc/proxyauth/password",
        "scheme=ntlm",
        "verbose=true"));

    assertThat(line.value("--listen")).contains("127.0.0.1:0");
    assertThat(line.value("--proxy")).contains("http://proxy.corp.example:3128");
    assertThat(line.list("--allow")).containsExactly("10.0.0.0/8", "192.168.1.7");
    assertThat(line.value("--user")).contains("CORP\\alice");
    assertThat(line.value("--password-file")).contains("/etc/proxyauth/password");
    assertThat(line.scheme()).isEqualTo("ntlm");
    assertThat(line.flag("--verbose")).isTrue();
  }

  @Test
  void continuationLinesJoinAndErrorsNameTheirFirstLine() throws Exception {
    Path file = file("allow=10.0.0.0/8,\\", "      172.16.0.0/12", "scheme=kerberos");
    assertThat(ServeConfigTest.error(file)).startsWith(file + ":3: scheme: expected scheme to be"
        + " one of any|basic|digest|negotiate|ntlm but saw 'kerberos'");
    assertThat(merged(file("allow=10.0.0.0/8,\\", "  172.16.0.0/12")).list("--allow"))
        .containsExactly("10.0.0.0/8", "172.16.0.0/12");
  }

  @Test
  void flagsOverrideTheFile() throws Exception {
    CommandLine line = merged(file("listen=127.0.0.1:3128", "proxy=http://a.example:3128",
        "allow=10.0.0.0/8"), "--proxy", "http://b.example:8080", "--allow", "192.168.0.0/16");

    assertThat(line.value("--proxy")).contains("http://b.example:8080");
    assertThat(line.value("--listen")).contains("127.0.0.1:3128");
    assertThat(line.list("--allow")).containsExactly("192.168.0.0/16");
  }

  @Test
  void unknownKeyNamesFileLineAndKeyAndListsTheKnownOnes() throws Exception {
    Path file = file("listen=127.0.0.1:3128", "", "lisen=127.0.0.1:3129");
    assertThat(error(file)).startsWith(file + ":3: lisen: unknown key; expected one of")
        .contains("access-log", "admin", "allow", "listen", "proxy").doesNotContain("config,");
  }

  @Test
  void badValuesNameFileLineAndKey() throws Exception {
    assertThat(error(file("listen=localhost"))).endsWith(":1: listen: expected listen to be"
        + " host:port (127.0.0.1:3128, [::1]:3128; port 0 picks a free one) but saw 'localhost'");
    assertThat(error(file("admin=127.0.0.1:99999"))).contains(":1: admin: expected admin");
    assertThat(error(file("health-url=ftp://x/"))).contains(":1: health-url: expected an http://");
    assertThat(error(file("allow=10.0.0.0/8,10.0.0.0/33"))).contains(":1: allow: expected allow"
        + " to be IP addresses or CIDR ranges (10.0.0.0/8, 192.168.1.7, fd00::/8) but saw"
        + " '10.0.0.0/33'");
    assertThat(error(file("verbose=yes"))).contains(":1: verbose: expected true or false");
    assertThat(error(file("proxy="))).contains(":1: proxy: expected a value");
    assertThat(error(file("scheme=ntlm", "scheme=basic")))
        .contains(":2: scheme: expected each key once but it was set on line 1 too");
    assertThat(error(file("config=other.properties"))).contains(":1: config: unknown key");
  }

  @Test
  void thePasswordIsNeverInTheFileNorEchoed() throws Exception {
    String canary = Cli.PASSWORD;
    String password = error(file("password=" + canary));
    String local = error(file("local-password=" + canary));
    String url = error(file("proxy=http://alice:" + canary + "@proxy.example:3128"));

    assertThat(password).contains(":1: password: expected no password in the config file",
        "password-file=FILE", "password-env=VAR", "credentials-file=FILE");
    assertThat(local).contains("local-password-file=FILE");
    assertThat(url).contains(":1: proxy: expected a URL without a password");
    assertThat(password + local + url).doesNotContain(canary);
    assertThat(merged(file("proxy=http://alice@proxy.example:3128")).value("--proxy"))
        .contains("http://alice@proxy.example:3128");
  }

  @Test
  void aSingleBackslashThatPropertiesWouldDropIsRefused() throws Exception {
    assertThat(error(file("user=CORP\\alice"))).contains(":1: expected '\\\\' for a backslash",
        "user=CORP\\\\alice");
  }

  @Test
  void domainGetsAHint() throws Exception {
    assertThat(error(file("domain=CORP"))).contains("put the NTLM domain in user");
  }

  @Test
  void combinationsAreCheckedAfterMerging() throws Exception {
    Path file = file("keytab=/etc/krb5.keytab");
    assertThatThrownBy(() -> merged(file)).isInstanceOf(UsageException.class)
        .hasMessageContaining("expected --principal with --keytab");
    assertThat(merged(file, "--principal", "svc@CORP.EXAMPLE").value("--keytab"))
        .contains("/etc/krb5.keytab");
  }

  @Test
  void unreadableOrNonUtf8FilesAreConfigErrors() throws Exception {
    Path missing = dir.resolve("missing.properties");
    Path latin1 = Files.write(dir.resolve("latin1.properties"),
        "user=j\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(error(missing)).isEqualTo("--config " + missing
        + ": cannot read it (NoSuchFileException)");
    assertThat(error(latin1)).contains("expected UTF-8 text");
  }

  static String error(Path file) {
    try {
      ServeConfig.merge(CommandLine.parse(Command.SERVE, new String[] {"--config",
          file.toString()}));
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (UsageException e) {
      throw new AssertionError("expected a ConfigException but saw " + e.getMessage(), e);
    }
    throw new AssertionError("expected " + file + " to be refused");
  }
}
