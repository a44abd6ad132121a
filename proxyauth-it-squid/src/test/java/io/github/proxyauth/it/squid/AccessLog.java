package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Squid's access log of the lab. Tests run one at a time: a test takes a {@link #mark()} before
 * its requests and reads the entries written after it. Squid logs a request when it ends (a CONNECT
 * tunnel when the tunnel closes), so readers wait with {@link #await} for the entries they expect.
 */
final class AccessLog {
  private final Path file;

  AccessLog(Path file) {
    this.file = file;
  }

  /** Returns the number of entries written so far, to pass to {@link #since(int)}. */
  int mark() {
    return lines().size();
  }

  /** Returns the entries written after {@code mark}. */
  List<AccessEntry> since(int mark) {
    List<String> lines = lines();
    return lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
        .map(AccessEntry::parse).collect(Collectors.toList());
  }

  /**
   * Returns the entries after {@code mark} as soon as they satisfy {@code done}.
   *
   * @throws AssertionError when they do not within {@code timeout}; the message lists them
   */
  List<AccessEntry> await(int mark, Predicate<List<AccessEntry>> done, Duration timeout) {
    return FileWatch.await(file, () -> since(mark), done, timeout, entries -> "Squid's access"
        + " log did not reach the expected state within " + timeout + "; entries since the"
        + " mark:\n  " + entries.stream().map(AccessEntry::toString)
        .collect(Collectors.joining("\n  ")));
  }

  /** Returns the whole log text (for failure reports). */
  String text() {
    return String.join("\n", lines());
  }

  private List<String> lines() {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // A line still being written (no newline yet) is not an entry.
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : text.substring(0, end).lines()
          .filter(l -> !l.isBlank()).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
