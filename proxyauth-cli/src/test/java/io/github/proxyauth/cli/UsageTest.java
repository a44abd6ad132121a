package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Help, usage errors and their exit code 2. */
class UsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"fetch", "doctor", "demo"})
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
    assertThat(result.out()).contains("demo", "fetch", "doctor", "Exit codes");
  }

  @Test
  void unknownOptionSaysWhatWasExpectedAndSeen() {
    Cli.Result result = Cli.run(Map.of(), "fetch", "http://x.example/", "--pasword", "x");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("expected one of", "--password-env", "but saw '--pasword'",
        "proxyauth fetch --help");
  }

  @Test
  void thereIsNoPasswordOption() {
    Cli.Result result = Cli.run(Map.of(), "fetch", "http://x.example/", "--password=secret");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("but saw '--password'").doesNotContain("secret");
  }

  @Test
  void unknownCommandAndBadValuesAreUsageErrors() {
    assertThat(Cli.run(Map.of(), "fecth").err()).contains("expected a command", "'fecth'");
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--scheme", "kerberos").exit())
        .isEqualTo(2);
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--repeat", "0").exit()).isEqualTo(2);
    assertThat(Cli.run(Map.of(), "fetch", "ftp://x/").err()).contains("expected an http://");
    assertThat(Cli.run(Map.of(), "fetch").err()).contains("expected a URL to fetch");
    assertThat(Cli.run(Map.of(), "doctor", "--client", "jdk").err())
        .contains("but saw '--client'");
    assertThat(Cli.run(Map.of(), "fetch", "http://x/", "--insecure", "--cacert", "f").err())
        .contains("either --insecure or --cacert");
    assertThat(Cli.run(Map.of(), "demo", "--json").exit()).isEqualTo(2);
  }
}
