package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a change of {@code serve}'s credentials file counts (checked on every call here). */
class CredentialsWatchTest {
  @TempDir Path dir;

  @Test
  void anEmptiedFileIsWaitedOutUntilItHasContent() throws Exception {
    Path file = Files.writeString(dir.resolve("credentials"), "proxy:3128 alice pw-1\n");
    CredentialsWatch watch = watch(file);
    assertThat(watch.changed()).isFalse();

    Files.writeString(file, ""); // truncated: a writer between its truncate and its write
    assertThat(watch.changed()).as("an empty file is one being written").isFalse();
    Files.writeString(file, "proxy:3128 alice pw-2 \n");
    assertThat(watch.changed()).isTrue();
    assertThat(watch.changed()).as("reported once").isFalse();

    Files.writeString(file, "# nothing\n");
    assertThat(watch.changed()).as("a file of comments is a version").isTrue();
    Files.delete(file);
    assertThat(watch.changed()).as("a deleted file is a version").isTrue();
  }

  private static CredentialsWatch watch(Path file) throws UsageException {
    return CredentialsWatch.of(CommandLine.of(Command.SERVE, Map.of("--credentials-file",
        file.toString(), "--pac-refresh", "0"), Set.of()));
  }
}
