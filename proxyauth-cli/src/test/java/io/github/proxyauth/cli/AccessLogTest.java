package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.relay.AccessLogEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log line: key=value fields, quoted and escaped so that one entry is one line. */
class AccessLogTest {
  @TempDir Path dir;

  static AccessLogEntry entry(String target, String why) {
    return new AccessLogEntry(Instant.parse("2026-12-03T09:00:01.123456Z"),
        new InetSocketAddress("127.0.0.1", 50312), "GET", target, "proxy p.example:3128", why,
        Optional.of("ntlm"), 200, 1234, 56, 12, Optional.empty());
  }

  @Test
  void formatsEveryFieldInOrder() {
    assertThat(AccessLog.format(entry("http://h.example:80/a", "EXPLICIT")))
        .isEqualTo("2026-12-03T09:00:01.123Z client=127.0.0.1:50312 method=GET"
            + " target=http://h.example:80/a route=\"proxy p.example:3128\" why=EXPLICIT"
            + " scheme=ntlm status=200 bytes=1234 bytes_in=56 ms=12 failure=-");
  }

  @Test
  void quotesSpacesAndEscapesQuotesAndControlCharacters() {
    String line = AccessLog.format(entry("http://h.example:80/a\r\nX-Injected: 1",
        "PAC: said \"PROXY p\""));

    assertThat(line).doesNotContain("\n", "\r")
        .contains("target=\"http://h.example:80/a\\x0d\\x0aX-Injected: 1\"",
            "why=\"PAC: said \\\"PROXY p\\\"\"");
  }

  @Test
  void appendsToAFileAndReopensIt() throws Exception {
    Path file = dir.resolve("access.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (AccessLog log = AccessLog.open(file.toString(), new PrintStream(err, true,
        StandardCharsets.UTF_8))) {
      log.accept(entry("http://a.example:80/", "EXPLICIT"));
      Files.move(file, dir.resolve("access.log.1"));
      log.reopen();
      log.accept(entry("http://b.example:80/", "EXPLICIT"));
    }

    assertThat(Files.readString(dir.resolve("access.log.1"))).contains("a.example")
        .endsWith("\n");
    assertThat(Files.readString(file)).contains("b.example").doesNotContain("a.example");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void noneWritesNothingAndDashWritesToStderr() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    AccessLog.open(AccessLog.NONE, stream).accept(entry("http://a.example:80/", "EXPLICIT"));
    assertThat(err.size()).isZero();

    AccessLog.open(AccessLog.STDERR, stream).accept(entry("http://a.example:80/", "EXPLICIT"));
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("2026-12-03T09:00:01.123Z ")
        .endsWith("failure=-\n");
  }
}
