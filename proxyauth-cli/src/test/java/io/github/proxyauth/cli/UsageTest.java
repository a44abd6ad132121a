package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, usage errors and their exit code 2. */
class UsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"fetch", "doctor", "demo", "serve"})
  void everyCommandHasHelpThatFitsATerminal(String command) {
    Cli.Result result = Cli.run(Map.of(), command, "--help");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("Usage: proxyauth " + command);
    assertThat(result.out().lines()).allMatch(line -> line.length() <= 80);
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Cli.Result result = Cli.run(Map.of(), "--help");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("demo", "fetch", "doctor", "serve", "Exit codes");
  }

  @Test
  void unknownOptionSaysWhatWasExpectedAndSeen() {
    Cli.Result result = Cli.run(Map.of(), "fetch", "http://x.example/", "--pasword", "x");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.flatErr()).contains("expected one of", "--password-env",
        "but saw '--pasword'", "proxyauth fetch --help");
  }

  @Test
  void usageErrorsFitATerminal() {
    Cli.Result result = Cli.run(Map.of(), "fetch", "http://x.example/", "--pasword", "x");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err().lines()).hasSizeGreaterThan(2).allMatch(line -> line.length() <= 80);
  }

  @Test
  void passwordsInUrlArgumentsNeverAppearInUsageErrors() {
    Cli.Result extra = Cli.run(Map.of(), "fetch", "http://x.example/",
        "http://bob:" + Cli.PASSWORD + "@y.example/");
    Cli.Result unencoded = Cli.run(Map.of(), "fetch",
        "http://bob:a@b/" + Cli.WRONG + "@z.example/x y"); // unencoded '@' and '/' in it
    assertThat(extra.flatErr()).contains("expected one URL but saw 2 arguments");
    assertThat(unencoded.flatErr()).contains("expected an http:// or https:// URL");
    assertThat(extra.all() + unencoded.all()).doesNotContain(Cli.PASSWORD, Cli.WRONG);
  }

  @Test
  void thereIsNoPasswordOption() {
    Cli.Result result = Cli.run(Map.of(), "fetch", "http://x.example/", "--password=secret");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.flatErr()).contains("but saw '--password'").doesNotContain("secret");
  }

  @Test
  void unknownCommandAndBadValuesAreUsageErrors() {
    assertThat(Cli.run(Map.of(), "fecth").flatErr())
        .contains("expected a command", "'fecth'");
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--scheme", "kerberos").exit())
        .isEqualTo(2);
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--repeat", "0").exit()).isEqualTo(2);
    assertThat(Cli.run(Map.of(), "fetch", "ftp://x/").flatErr())
        .contains("expected an http://");
    assertThat(Cli.run(Map.of(), "fetch").flatErr()).contains("expected a URL to fetch");
    assertThat(Cli.run(Map.of(), "doctor", "--client", "jdk").flatErr())
        .contains("but saw '--client'");
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--insecure", "--cacert", "f").flatErr())
        .contains("either --insecure or --cacert");
    assertThat(Cli.run(Map.of(), "demo", "--json").exit()).isEqualTo(2);
  }
}
