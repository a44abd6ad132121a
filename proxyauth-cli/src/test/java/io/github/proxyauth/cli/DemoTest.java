package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code proxyauth demo} runs every scheme through both clients and passes. */
class DemoTest {

  @Test
  void demoPassesEveryCellAndPrintsTheTable() {
    Cli.Result result = Cli.run(Map.of(), "demo");
    assertThat(result.exit()).as(result.all()).isZero();
    assertThat(result.out()).contains("scheme     client  http  https round trips")
        .containsPattern("basic +okhttp +ok +ok +2 \\+ 1")
        .containsPattern("ntlm +jdk +ok +ok +3 \\+ 2")
        .containsPattern("negotiate +jdk +ok +ok +2 \\+ 1")
        .contains("16/16 passed")
        .doesNotContain("\u001b[");
    assertThat(result.out().lines()).allMatch(line -> line.length() <= 80);
    assertThat(result.err()).isEmpty();
  }
}
